package dev.switchboard.providers.nats;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Whether the server accepts a user and password, by the protocol's own handshake (read INFO, send CONNECT and PING,
 * read PONG or {@code -ERR}). jnats reports a refused login only once its whole connect timeout has passed, which made
 * every poll of a reload and every wrong-password check cost that timeout; this answers as soon as the server does.
 * Only for logins made to check the server's state: a connection's own validation goes through jnats like an app would.
 * Plain TCP only (a server that requires TLS is refused with an IOException).
 */
public final class NatsHandshake {
    private NatsHandshake() { }

    public static boolean accepts(String host, int port, String user, String password, Duration timeout) throws IOException {
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), millis);
            socket.setSoTimeout(millis);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String info = in.readLine();
            if (info == null || !info.startsWith("INFO ")) throw new IOException("not a NATS server (no INFO)");
            if (info.replace(" ", "").contains("\"tls_required\":true")) throw new IOException("the server requires TLS");
            OutputStream out = socket.getOutputStream();
            String connect = "CONNECT {\"verbose\":false,\"pedantic\":false,\"lang\":\"java\",\"version\":\"switchboard\","
                    + "\"protocol\":1,\"user\":" + json(user) + ",\"pass\":" + json(password) + "}\r\nPING\r\n";
            out.write(connect.getBytes(StandardCharsets.UTF_8));
            out.flush();
            String answer = in.readLine();
            if (answer == null) throw new IOException("the server closed the connection");
            if (answer.startsWith("PONG")) return true;
            if (answer.startsWith("-ERR") && NatsConnector.isAuthFailure(new IOException(answer))) return false;
            throw new IOException("unexpected answer from the server: " + answer.substring(0, Math.min(answer.length(), 80)));
        }
    }

    /** The one way a value enters the CONNECT line: a JSON string, quotes, backslashes and controls escaped. */
    static String json(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') out.append('\\').append(c);
            else if (c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029) out.append(String.format("\\u%04x", (int) c));
            else out.append(c);
        }
        return out.append('"').toString();
    }
}
