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
            // The projected values are resolved with the step's password, so the two always travel together.
            case PlannedStep.ProjectConfiguration s -> f.withProjected(s.items())
                    .withLogin(f.login(), f.loginCreated(), s.passwordSecret() == null ? f.passwordSecret() : s.passwordSecret());
            case PlannedStep.RemoveConfiguration s -> f.withProjected(List.of());
            // A rotation drops the login it replaced, which the footprint no longer names.
            case PlannedStep.DropLogin s -> s.login().equals(f.login()) ? f.withLogin(f.login(), false, f.passwordSecret()) : f;
            case PlannedStep.GrantAccess s -> f;
            case PlannedStep.RevokeAccess s -> f;
            case PlannedStep.ConfirmConnection s -> f;
        };
    }
}
