package dev.switchboard.providers.nats;

import dev.switchboard.core.kinds.nats.NatsSubjects;
import dev.switchboard.core.linker.ValidationItem;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.target.AccessScope;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Message;
import io.nats.client.Subscription;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeoutException;

/**
 * A connection's validation as the connection itself, on a fresh connection: {@code TargetReachable} (TCP),
 * {@code CredentialsLogIn} (a NATS login with the connection's user and password) and {@code CanPublishConsume}:
 * subscribe to a subject the login may subscribe to, publish a message to the same subject (one its publish
 * permissions also cover, wildcards filled with {@value #FILL}), and receive it back. When no publish subject overlaps
 * a subscribe subject the login publishes and subscribes separately and the item is a warning
 * ({@code NoSharedSubject}): nothing can come back on one connection. Note that the test message really is published:
 * other subscribers of that subject (the app itself) receive it. Permission violations the server reports ({@code -ERR
 * 'Permissions Violation ...'}) fail the item. Messages never contain the password.
 */
final class NatsValidation {
    static final String REACHABLE = "TargetReachable";
    static final String LOGIN = "CredentialsLogIn";
    static final String PUBSUB = "CanPublishConsume";
    static final String FILL = "switchboard_check";
    private static final String PUBSUB_DESCRIPTION = "The login can publish to and consume from its subjects";
    private final NatsConnector connector;
    private final SecureRandom random = new SecureRandom();

    NatsValidation(NatsConnector connector) {
        this.connector = connector;
    }

    List<ValidationItem> validate(String host, int port, AccessScope.Subjects scope, String login, Secret password) {
        String address = NatsConnector.address(host, port);
        List<ValidationItem> items = new ArrayList<>();
        String reachDescription = "A TCP connection to " + address + " can be opened";
        String loginDescription = "The user " + login + " can log in to NATS at " + address;
        try {
            connector.probe(host, port);
            items.add(ValidationItem.success(REACHABLE, reachDescription));
        } catch (IOException e) {
            items.add(ValidationItem.failure(REACHABLE, reachDescription, "TargetUnreachable",
                    "cannot connect to " + address + ": " + e.getClass().getSimpleName() + ": " + e.getMessage()));
            items.add(skipped(LOGIN, loginDescription, REACHABLE));
            items.add(skipped(PUBSUB, PUBSUB_DESCRIPTION, REACHABLE));
            return items;
        }
        Queue<String> errors = new ConcurrentLinkedQueue<>();
        ErrorListener listener = new ErrorListener() {
            @Override public void errorOccurred(Connection conn, String error) { errors.add(error); }
        };
        String secret = password == null ? "" : password.reveal();
        try (Connection c = connector.connect(host, port, login, secret, listener)) {
            items.add(ValidationItem.success(LOGIN, loginDescription));
            items.add(pubSub(c, scope, errors));
        } catch (IOException e) {
            boolean auth = NatsConnector.isAuthFailure(e);
            items.add(ValidationItem.failure(LOGIN, loginDescription, auth ? "AuthenticationFailed" : "LoginFailed",
                    "login as " + login + " at " + address + " failed: " + scrub(e.getMessage(), secret)));
            items.add(skipped(PUBSUB, PUBSUB_DESCRIPTION, LOGIN));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            items.add(ValidationItem.failure(LOGIN, loginDescription, "Interrupted", "interrupted"));
            items.add(skipped(PUBSUB, PUBSUB_DESCRIPTION, LOGIN));
        }
        return items;
    }

    private ValidationItem pubSub(Connection c, AccessScope.Subjects scope, Queue<String> errors) {
        Duration wait = connector.connectTimeout();
        try {
            Optional<String> shared = sharedSubject(scope);
            if (shared.isPresent()) {
                byte[] payload = HexFormat.of().formatHex(bytes()).getBytes(StandardCharsets.UTF_8);
                Subscription sub = c.subscribe(shared.get());
                c.publish(shared.get(), payload);
                c.flush(wait);
                Message m = sub.nextMessage(wait);
                if (!errors.isEmpty()) return violation(errors);
                if (m == null || !java.util.Arrays.equals(m.getData(), payload)) {
                    return ValidationItem.failure(PUBSUB, PUBSUB_DESCRIPTION, "MessageNotReceived",
                            "a message published to " + shared.get() + " did not come back within " + wait.toMillis() + " ms");
                }
                return ValidationItem.success(PUBSUB, PUBSUB_DESCRIPTION + " (published and received on " + shared.get() + ")");
            }
            return separately(c, scope, errors, wait);
        } catch (TimeoutException e) {
            return ValidationItem.failure(PUBSUB, PUBSUB_DESCRIPTION, "Timeout", "the server did not answer within " + wait.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ValidationItem.failure(PUBSUB, PUBSUB_DESCRIPTION, "Interrupted", "interrupted");
        } catch (RuntimeException e) {
            return ValidationItem.failure(PUBSUB, PUBSUB_DESCRIPTION, "PublishConsumeFailed", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private ValidationItem separately(Connection c, AccessScope.Subjects scope, Queue<String> errors, Duration wait)
            throws TimeoutException, InterruptedException {
        if (!scope.publish().isEmpty()) c.publish(literal(scope.publish().get(0)), new byte[0]);
        if (!scope.subscribe().isEmpty()) c.subscribe(scope.subscribe().get(0));
        c.flush(wait);
        Thread.sleep(Math.min(200, wait.toMillis()));
        if (!errors.isEmpty()) return violation(errors);
        return new ValidationItem(PUBSUB, PUBSUB_DESCRIPTION, ValidationItem.Result.WARNING, "NoSharedSubject",
                "no subject is both publishable and subscribable: published and subscribed without a round trip");
    }

    private static ValidationItem violation(Queue<String> errors) {
        return ValidationItem.failure(PUBSUB, PUBSUB_DESCRIPTION, "PermissionDenied", "the server refused: " + String.join("; ", errors));
    }

    /** A literal subject both a subscribe and a publish subject cover; subscribe subjects other than the inbox first. */
    static Optional<String> sharedSubject(AccessScope.Subjects scope) {
        List<String> subs = new ArrayList<>(scope.subscribe().stream().filter(s -> !s.equals(NatsSubjects.INBOX)).toList());
        if (scope.subscribe().contains(NatsSubjects.INBOX)) subs.add(NatsSubjects.INBOX);
        for (String sub : subs) {
            for (String pub : scope.publish()) {
                Optional<String> m = meet(sub, pub);
                if (m.isPresent()) return m;
            }
        }
        return Optional.empty();
    }

    /** A literal subject matching both subject filters, wildcards filled with {@value #FILL}; empty when none does. */
    static Optional<String> meet(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        List<String> out = new ArrayList<>();
        for (int i = 0; ; i++) {
            boolean xEnd = i >= x.length;
            boolean yEnd = i >= y.length;
            if (xEnd && yEnd) return Optional.of(String.join(".", out));
            if (!xEnd && x[i].equals(">")) return rest(out, y, i);
            if (!yEnd && y[i].equals(">")) return rest(out, x, i);
            if (xEnd || yEnd) return Optional.empty();
            if (x[i].equals("*")) out.add(y[i].equals("*") ? FILL : y[i]);
            else if (y[i].equals("*") || y[i].equals(x[i])) out.add(x[i]);
            else return Optional.empty();
        }
    }

    /** '>' at {@code i} matches one or more tokens: the other filter's remaining tokens, which must not be none. */
    private static Optional<String> rest(List<String> out, String[] other, int i) {
        if (i >= other.length) return Optional.empty();
        for (int j = i; j < other.length; j++) out.add(other[j].equals("*") || other[j].equals(">") ? FILL : other[j]);
        return Optional.of(String.join(".", out));
    }

    static String literal(String subject) {
        StringBuilder out = new StringBuilder();
        for (String t : subject.split("\\.")) out.append(out.isEmpty() ? "" : ".").append(t.equals("*") || t.equals(">") ? FILL : t);
        return out.toString();
    }

    private byte[] bytes() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return b;
    }

    private static ValidationItem skipped(String name, String description, String because) {
        return ValidationItem.failure(name, description, "Skipped", "not attempted because " + because + " failed");
    }

    private static String scrub(String text, String secret) {
        String t = String.valueOf(text);
        return secret.isEmpty() ? t : t.replace(secret, "***");
    }
}
