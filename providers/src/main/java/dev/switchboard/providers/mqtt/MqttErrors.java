package dev.switchboard.providers.mqtt;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.failure.TransientFailure;
import dev.switchboard.core.target.TargetEndpoint;

import java.util.Collection;

/**
 * An administrator session's {@link MqttProblem} as the failure the engine understands (the codes follow
 * PostgreSQL's provider): unreachable or no answer → transient; login refused → 400
 * {@code TargetAuthenticationFailed}; the plugin's topic refused → 400 {@code TargetAdminNotAuthorized}; other
 * refusals → 400 {@code TargetOperationFailed}. Every known secret is masked out of the message anyway.
 */
final class MqttErrors {
    static final String ADMIN_LOGIN_FIELD = "properties.administratorLogin";

    private MqttErrors() { }

    static RuntimeException map(MqttProblem p, TargetEndpoint endpoint, String what, Collection<String> secrets) {
        String message = scrub(p.getMessage() + " (" + what + ")", secrets);
        return switch (p.kind()) {
            case UNREACHABLE, TIMEOUT -> new TransientFailure(message, p);
            case LOGIN_REFUSED -> new TerminalFailure(400, "TargetAuthenticationFailed", ADMIN_LOGIN_FIELD,
                    scrub(MqttProvider.where(endpoint) + ": logging in as administrator " + endpoint.adminLogin()
                            + " was refused (" + p.reason() + ")", secrets));
            case NOT_AUTHORIZED -> new TerminalFailure(400, "TargetAdminNotAuthorized", ADMIN_LOGIN_FIELD, message
                    + "; the administrator needs the dynamic-security ACLs on $CONTROL/dynamic-security/#");
            case REFUSED -> TerminalFailure.badRequest("TargetOperationFailed", null, message);
        };
    }

    /** {@code text} with every non-empty secret replaced by {@code ***}. */
    static String scrub(String text, Collection<String> secrets) {
        String out = text;
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) out = out.replace(secret, "***");
        }
        return out;
    }
}
