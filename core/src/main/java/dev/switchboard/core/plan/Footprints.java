package dev.switchboard.core.plan;

import dev.switchboard.core.store.Footprint;
import dev.switchboard.core.target.ApplyResult;

import java.util.List;

/** How each step, once applied, changes a connection's footprint. Kept pure so recovery can replay it. */
public final class Footprints {
    private Footprints() { }

    public static Footprint after(Footprint f, PlannedStep step, ApplyResult result) {
        return switch (step) {
            case PlannedStep.EnsureLogin s -> f.withLogin(s.login(), f.loginCreated() || result == ApplyResult.CREATED, s.passwordSecret());
            case PlannedStep.ProjectConfiguration s -> f.withProjected(s.items());
            case PlannedStep.RemoveConfiguration s -> f.withProjected(List.of());
            case PlannedStep.DropLogin s -> f.withLogin(f.login(), false, f.passwordSecret());
            case PlannedStep.GrantAccess s -> f;
            case PlannedStep.RevokeAccess s -> f;
        };
    }
}
