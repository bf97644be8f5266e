package dev.switchboard.engine;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.failure.TransientFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.target.TargetEndpoint;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Every call a connection operation makes to a target server goes through here: transient failures are retried
 * under the retry policy (bounded attempts, exponential backoff), and what is left is said in the same words for
 * every kind, naming the server resource, its kind and address, and the cause:
 * <ul>
 *   <li>still unreachable once the retries are spent (the policy's attempts, started within {@link #BUDGET}): 503 {@code TargetUnreachable};</li>
 *   <li>the stored administrator login refused: 409 {@code TargetAuthenticationFailed} (the request is fine; the
 *   server resource's credential no longer matches the target: re-register it);</li>
 *   <li>the administrator lacking rights: 409 {@code TargetAdminNotAuthorized}.</li>
 * </ul>
 * Other terminal failures pass unchanged: they already name the field or object at fault. The providers scrub
 * secrets from their messages; nothing here adds one (the admin login name is not a secret).
 */
public final class TargetFaults {
    public static final String UNREACHABLE = "TargetUnreachable";
    public static final String AUTHENTICATION_FAILED = "TargetAuthenticationFailed";
    public static final String ADMIN_NOT_AUTHORIZED = "TargetAdminNotAuthorized";
    private static final Set<String> ADMIN_CODES = Set.of(AUTHENTICATION_FAILED, ADMIN_NOT_AUTHORIZED);

    /** No new attempt starts after this; with a kind's own client timeouts a call ends within budget + one attempt. */
    public static final Duration BUDGET = Duration.ofSeconds(10);
    private final RetryPolicy retry;
    private final Clock clock;

    public TargetFaults(RetryPolicy retry, Clock clock) {
        this.retry = retry;
        this.clock = clock;
    }

    /** Runs {@code call} against {@code server} of kind {@code kind} at {@code endpoint}, retrying what is transient. */
    public <T> T call(ResourceId server, String kind, TargetEndpoint endpoint, Supplier<T> call) {
        Instant start = clock.instant();
        try {
            return retry.call(call, clock, start.plus(BUDGET));
        } catch (TransientFailure e) {
            Duration spent = Duration.between(start, clock.instant());
            throw new TerminalFailure(503, UNREACHABLE, server.toString(), describe(server, kind, endpoint)
                    + " is unreachable; gave up after " + seconds(spent) + " of retries: "
                    + e.getMessage());
        } catch (TerminalFailure e) {
            if (!ADMIN_CODES.contains(e.code())) throw e;
            String what = e.code().equals(AUTHENTICATION_FAILED) ? " refused the administrator login '" : " does not let the administrator '";
            String then = e.code().equals(AUTHENTICATION_FAILED)
                    ? "'; update the server resource's administratorLoginPassword: "
                    : "' do this; give it the rights the kind needs: ";
            throw new TerminalFailure(409, e.code(), server.toString(),
                    describe(server, kind, endpoint) + what + endpoint.adminLogin() + then + e.getMessage());
        }
    }

    /** {@code postgresql server /subscriptions/…/flexibleServers/pg (127.0.0.1:5432)}. */
    public static String describe(ResourceId server, String kind, TargetEndpoint endpoint) {
        return kind + " server " + server + " (" + endpoint.host() + ":" + endpoint.port() + ")";
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
