package dev.switchboard.core.plan;

import dev.switchboard.core.store.Footprint;
import dev.switchboard.core.target.ApplyResult;

import java.util.List;

/** How each step, once applied, changes a connection's footprint. Kept pure so recovery can replay it. */
public final class Footprints {
    private Footprints() { }

    public static Footprint after(Footprint f, PlannedStep step, ApplyResult result) {
        return switch (step) {
            case PlannedStep.EnsureLogin s -> new Footprint(f.linker(), f.source(), f.server(), f.database(), f.schema(), s.login(),
                    f.loginCreated() || result == ApplyResult.CREATED, s.passwordSecret(), f.projected());
            case PlannedStep.ProjectConfiguration s -> new Footprint(f.linker(), f.source(), f.server(), f.database(), f.schema(),
                    f.login(), f.loginCreated(), f.passwordSecret(), s.items());
            case PlannedStep.RemoveConfiguration s -> new Footprint(f.linker(), f.source(), f.server(), f.database(), f.schema(),
                    f.login(), f.loginCreated(), f.passwordSecret(), List.of());
            case PlannedStep.DropLogin s -> new Footprint(f.linker(), f.source(), f.server(), f.database(), f.schema(),
                    f.login(), false, f.passwordSecret(), f.projected());
            case PlannedStep.GrantAccess s -> f;
            case PlannedStep.RevokeAccess s -> f;
        };
    }
}
