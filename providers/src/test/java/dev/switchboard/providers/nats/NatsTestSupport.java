package dev.switchboard.providers.nats;

import io.nats.client.Connection;
import io.nats.client.ErrorListener;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Helpers for NATS provider tests: names, the users the server's file holds, and what the server refuses. */
final class NatsTestSupport {
    private static final SecureRandom RANDOM = new SecureRandom();
    static final NatsConnector CONNECTOR = new NatsConnector(Duration.ofSeconds(10));

    private NatsTestSupport() { }

    static String name() {
        return "sbt_" + HexFormat.of().formatHex(bytes(5));
    }

    static String password() {
        return "pw-" + HexFormat.of().formatHex(bytes(8)) + "\"'\\ é";
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** The users of the server's authorization file (empty when it is still empty). */
    static Set<String> users(NatsTestServer server) throws Exception {
        Set<String> out = new TreeSet<>();
        NatsAuthFile.parse(server.authorizationText()).ifPresent(c -> c.users().forEach(u -> out.add(u.name())));
        return out;
    }

    static boolean canLogIn(NatsTestServer server, String user, String password) throws Exception {
        // The protocol handshake rather than jnats: jnats reports a refused login only after its connect timeout.
        return NatsHandshake.accepts(server.host(), server.port(), user, password, Duration.ofSeconds(10));
    }

    /** The server's -ERR answers to publishing to {@code publish} and subscribing to {@code subscribe} as this user. */
    /** The permission errors a session gets, waiting up to 5 s for one per operation (errors arrive asynchronously). */
    static List<String> errorsFor(NatsTestServer server, String user, String password, String publish, String subscribe)
            throws Exception {
        return errorsFor(server, user, password, publish, subscribe, Duration.ofSeconds(5));
    }

    /** For a session expected to get no error: waits a short while for one that should not come. */
    static List<String> noErrorsExpected(NatsTestServer server, String user, String password, String publish, String subscribe)
            throws Exception {
        return errorsFor(server, user, password, publish, subscribe, Duration.ofMillis(500));
    }

    private static List<String> errorsFor(NatsTestServer server, String user, String password, String publish, String subscribe,
                                          Duration patience) throws Exception {
        Queue<String> errors = new ConcurrentLinkedQueue<>();
        ErrorListener listener = new ErrorListener() {
            @Override public void errorOccurred(Connection conn, String error) { errors.add(error); }
        };
        try (Connection c = CONNECTOR.connect(server.host(), server.port(), user, password, listener)) {
            if (publish != null) c.publish(publish, new byte[]{1});
            if (subscribe != null) c.subscribe(subscribe);
            c.flush(Duration.ofSeconds(3));
            long deadline = System.nanoTime() + patience.toNanos();
            int expected = (publish != null ? 1 : 0) + (subscribe != null ? 1 : 0);
            while (errors.size() < expected && System.nanoTime() < deadline) Thread.sleep(20);
            c.flush(Duration.ofSeconds(3));
        }
        return List.copyOf(errors);
    }
}
