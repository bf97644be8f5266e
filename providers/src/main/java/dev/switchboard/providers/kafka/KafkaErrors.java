package dev.switchboard.providers.kafka;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.failure.TransientFailure;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

import java.util.Collection;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Turns what the Kafka client throws into the failure the engine understands. Messages name the cluster and the
 * operation, hold the exception's own text scrubbed of every known secret (Kafka does not echo passwords, but a
 * JAAS parse error could quote the configuration), and never the JAAS configuration itself.
 *
 * <ul>
 *   <li>{@link TransientFailure}: timeouts and other retriable errors (unreachable cluster, leader moving), an
 *   unresolvable bootstrap address, an interrupted call;</li>
 *   <li>SASL refused: {@code TerminalFailure(400, "TargetAuthenticationFailed", "properties.administratorLogin")};</li>
 *   <li>not allowed (the administrator is not a super user): {@code TerminalFailure(400, "TargetAdminNotAuthorized",
 *   "properties.administratorLogin")};</li>
 *   <li>no authorizer or SCRAM on the cluster, or a broker too old: {@code TerminalFailure(400, "TargetNotSupported")};</li>
 *   <li>anything else: {@code TerminalFailure(400, "TargetOperationFailed")}.</li>
 * </ul>
 */
final class KafkaErrors {
    static final String AUTH_FAILED = "TargetAuthenticationFailed";
    static final String ADMIN_LOGIN_FIELD = "properties.administratorLogin";

    private KafkaErrors() {
    }

    static RuntimeException map(Throwable thrown, String where, Collection<String> secrets) {
        Throwable e = unwrap(thrown);
        String message = where + " failed: " + describe(e, secrets);
        if (isTransient(e)) return new TransientFailure(message, null);
        if (e instanceof AuthenticationException) return new TerminalFailure(400, AUTH_FAILED, ADMIN_LOGIN_FIELD, message);
        if (e instanceof AuthorizationException) {
            return new TerminalFailure(400, "TargetAdminNotAuthorized", ADMIN_LOGIN_FIELD, message
                    + " (the administrator must be one of the cluster's super.users)");
        }
        if (e instanceof SecurityDisabledException || e instanceof UnsupportedVersionException) {
            return TerminalFailure.badRequest("TargetNotSupported", null, message
                    + " (the cluster needs SCRAM and an ACL authorizer, Kafka 3.5 or later)");
        }
        return TerminalFailure.badRequest("TargetOperationFailed", null, message);
    }

    static boolean isTransient(Throwable e) {
        if (e instanceof RetriableException || e instanceof InterruptException || e instanceof InterruptedException) return true;
        // Admin.create fails like this when the bootstrap host does not resolve (DNS may come back).
        return e instanceof KafkaException && e.getCause() != null && String.valueOf(e.getCause().getMessage()).contains("resolvable");
    }

    static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) t = t.getCause();
        return t;
    }

    /** Class and message of {@code e} (and of its cause when it adds something), with every secret masked. */
    static String describe(Throwable e, Collection<String> secrets) {
        String text = e.getClass().getSimpleName() + ": " + e.getMessage();
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !text.contains(cause.getMessage())) {
            text += " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")";
        }
        return scrub(text, secrets);
    }

    static String scrub(String text, Collection<String> secrets) {
        String out = text;
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) out = out.replace(secret, "***");
        }
        return out;
    }
}
