package dev.switchboard.providers.redis;

import dev.switchboard.core.failure.Echo;
import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.failure.TransientFailure;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.target.TargetEndpoint;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Opens the Jedis connections the provider uses, each new and closed by the caller: Redis logins are cheap (no
 * SCRAM), so unlike PostgreSQL there is no pool. User and password go only into Jedis's client config (sent as
 * {@code AUTH user password}); with no admin password no AUTH is sent at all (a server whose {@code default}
 * user is {@code nopass}). Option {@code ssl=true} makes Jedis speak TLS with the JVM's trust store.
 *
 * <p>Failures: a connection problem is a {@link TransientFailure}; a refused administrator login (WRONGPASS,
 * NOAUTH) is a {@link TerminalFailure} 400 {@code TargetAuthenticationFailed} and an administrator without ACL
 * rights (NOPERM) a 400 {@code TargetAdminNotAuthorized}, the codes every kind uses; any other error reply a 400 {@code TargetOperationFailed}. Messages name the
 * target ({@code Redis at host:port}) and the operation, and every known secret is masked out of them.
 */
final class RedisConnector {
    static final String AUTH_FAILED = "TargetAuthenticationFailed";
    static final String NOT_AUTHORIZED = "TargetAdminNotAuthorized";
    static final String ADMIN_LOGIN_FIELD = "properties.administratorLogin";
    static final int SOCKET_TIMEOUT_MILLIS = 10_000;
    private final Duration connectTimeout;

    RedisConnector(Duration connectTimeout) {
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connect timeout must be positive: " + connectTimeout);
        }
        this.connectTimeout = connectTimeout;
    }

    /** A new administrator connection (AUTH only when the endpoint has an admin password), named {@code switchboard}. */
    Jedis admin(TargetEndpoint endpoint) {
        Secret password = endpoint.adminPassword();
        String user = password == null ? null : adminLogin(endpoint);
        return open(endpoint, user, password, "switchboard");
    }

    /**
     * A new connection that has logged in as {@code user}; throws Jedis's own exceptions (the caller classifies
     * them). Jedis connects and sends AUTH in its constructor; no other command is sent, because the connection's
     * own login may be allowed nothing else (not even PING or CLIENT SETNAME).
     */
    Jedis open(TargetEndpoint endpoint, String user, Secret password) {
        return open(endpoint, user, password, null);
    }

    private Jedis open(TargetEndpoint endpoint, String user, Secret password, String clientName) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(millis()).socketTimeoutMillis(SOCKET_TIMEOUT_MILLIS)
                .clientName(clientName).ssl(ssl(endpoint));
        if (password != null) config.user(user).password(password.reveal());
        Jedis jedis = new Jedis(new HostAndPort(endpoint.host(), endpoint.port()), config.build());
        if (!jedis.isConnected()) {
            jedis.close();
            throw new JedisConnectionException("not connected after opening the connection");
        }
        return jedis;
    }

    /** A plain TCP connect, bounded by the connect timeout. */
    void probe(TargetEndpoint endpoint) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), millis());
        }
    }

    static String adminLogin(TargetEndpoint endpoint) {
        String login = endpoint.adminLogin();
        return login == null || login.isBlank() ? "default" : login;
    }

    static boolean ssl(TargetEndpoint endpoint) {
        return Boolean.parseBoolean(endpoint.option("ssl", "false"));
    }

    static String address(TargetEndpoint endpoint) {
        String host = endpoint.host();
        return (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + endpoint.port();
    }

    /** The failure for {@code e}, raised while doing {@code what} as the administrator of {@code endpoint}. */
    static RuntimeException map(JedisException e, TargetEndpoint endpoint, String what, Collection<String> secrets) {
        String message = "Redis at " + address(endpoint) + ": " + what + " failed: " + describe(e, secrets);
        if (e instanceof JedisConnectionException && !(e.getCause() instanceof JedisAccessControlException)) {
            return new TransientFailure(message, null);
        }
        if (isLoginRefused(e)) {
            String code = isNotAuthorized(e) ? NOT_AUTHORIZED : AUTH_FAILED;
            return new TerminalFailure(400, code, ADMIN_LOGIN_FIELD, message + " (administrator "
                    + Echo.of(adminLogin(endpoint)) + ")");
        }
        if (isBusy(e)) return new TransientFailure(message, null);
        return TerminalFailure.badRequest("TargetOperationFailed", null, message);
    }

    static boolean isLoginRefused(JedisException e) {
        String text = String.valueOf(e.getMessage()) + (e.getCause() == null ? "" : " " + e.getCause().getMessage());
        return e instanceof JedisAccessControlException || e.getCause() instanceof JedisAccessControlException
                || text.contains("WRONGPASS") || text.contains("NOAUTH") || text.contains("NOPERM");
    }

    private static boolean isNotAuthorized(JedisException e) {
        return String.valueOf(e.getMessage()).contains("NOPERM");
    }

    private static boolean isBusy(JedisException e) {
        String text = String.valueOf(e.getMessage());
        return text.startsWith("LOADING") || text.startsWith("BUSY") || text.startsWith("TRYAGAIN") || text.startsWith("MASTERDOWN");
    }

    /** The exception's class and message (and its cause's), one line, with every secret masked. */
    static String describe(Throwable e, Collection<String> secrets) {
        StringBuilder text = new StringBuilder(e.getClass().getSimpleName()).append(": ").append(e.getMessage());
        if (e.getCause() != null && e.getCause() != e) {
            text.append(" (").append(e.getCause().getClass().getSimpleName()).append(": ").append(e.getCause().getMessage()).append(')');
        }
        String out = text.toString();
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) out = out.replace(secret, "***");
        }
        out = out.codePoints().map(c -> Character.isISOControl(c) ? ' ' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return out.length() > 400 ? out.substring(0, 397) + "..." : out;
    }

    static List<String> secrets(TargetEndpoint endpoint, Secret... more) {
        List<String> out = new ArrayList<>();
        if (endpoint.adminPassword() != null) out.add(endpoint.adminPassword().reveal());
        for (Secret s : more) if (s != null) out.add(s.reveal());
        return out;
    }

    private int millis() {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
    }
}
