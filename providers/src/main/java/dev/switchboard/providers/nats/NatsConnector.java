package dev.switchboard.providers.nats;

import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * Opens short-lived NATS connections (closed by the caller; nothing is pooled: every login this provider makes is a
 * proof of a credential or of the server's state). User and password go only into jnats' options, never into the URL.
 * No reconnects: a connection that drops is a failed check, not something to wait for.
 */
final class NatsConnector {
    private static final ErrorListener QUIET = new ErrorListener() { };
    private final Duration connectTimeout;

    NatsConnector(Duration connectTimeout) {
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connect timeout must be positive: " + connectTimeout);
        }
        this.connectTimeout = connectTimeout;
    }

    Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * A new connection as {@code user}. A refused login is an {@link io.nats.client.AuthenticationException} (or an
     * IOException whose message says "Authorization Violation", see {@link #isAuthFailure}); anything else that
     * stops it is an IOException.
     */
    Connection connect(String host, int port, String user, String password, ErrorListener listener)
            throws IOException, InterruptedException {
        Options options = Options.builder()
                .server(url(host, port))
                .userInfo(user.toCharArray(), password.toCharArray())
                .connectionTimeout(connectTimeout)
                .noReconnect()
                .maxReconnects(0)
                .noRandomize()
                .connectionName("switchboard")
                .errorListener(listener == null ? QUIET : listener)
                .build();
        return Nats.connect(options);
    }

    /** A plain TCP connect, bounded by the connect timeout. */
    void probe(String host, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
        }
    }

    static boolean isAuthFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof io.nats.client.AuthenticationException) return true;
            String m = t.getMessage();
            if (m != null && (m.contains("Authorization Violation") || m.contains("Authentication"))) return true;
        }
        return false;
    }

    static String url(String host, int port) {
        return "nats://" + address(host, port);
    }

    static String address(String host, int port) {
        return (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }
}
