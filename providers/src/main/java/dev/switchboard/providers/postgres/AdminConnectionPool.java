package dev.switchboard.providers.postgres;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a few idle administrator connections per server, user, password and database, so that the steps of
 * one operation (observe, create the login, grant) do not each pay a new login: on a SCRAM server a login costs
 * more than the statements. A borrowed connection is checked before use; one idle for longer than
 * {@code maxIdle} is closed instead. Logins that must prove a credential never come from here.
 */
final class AdminConnectionPool implements AutoCloseable {
    private static final int MAX_IDLE_PER_KEY = 2;
    /**
     * At most this many administrator sessions per server at once: a thousand connections created together must
     * queue here rather than exhaust the server's max_connections (100 by default) and fail.
     */
    static final int MAX_SESSIONS_PER_SERVER = 16;
    private static final Duration WAIT_FOR_SESSION = Duration.ofSeconds(60);
    private final Map<String, Deque<Idle>> idle = new ConcurrentHashMap<>();
    private final Map<String, Semaphore> sessions = new ConcurrentHashMap<>();
    /** Sessions this thread holds per server: a nested borrow (dropping a login clears other databases) never waits. */
    private final ThreadLocal<Map<String, Integer>> held = ThreadLocal.withInitial(java.util.HashMap::new);
    private final Duration maxIdle;
    private final Clock clock;

    private record Idle(Connection connection, Instant since) { }

    @FunctionalInterface
    interface Opener {
        Connection open() throws SQLException;
    }

    AdminConnectionPool(Duration maxIdle, Clock clock) {
        this.maxIdle = maxIdle;
        this.clock = clock;
    }

    /** A connection whose {@code close()} hands it back to the pool. */
    Connection borrow(String host, int port, String user, String password, String database, Opener opener) throws SQLException {
        String key = key(host, port, user, password, database);
        String server = host + ":" + port;
        acquire(server);
        Connection real;
        try {
            Connection reused = reusable(key);
            real = reused != null ? reused : opener.open();
        } catch (SQLException | RuntimeException e) {
            release(server);
            throw e;
        }
        java.util.concurrent.atomic.AtomicBoolean returned = new java.util.concurrent.atomic.AtomicBoolean();
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[]{Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close") && method.getParameterCount() == 0) {
                        if (returned.compareAndSet(false, true)) {
                            giveBack(key, real);
                            release(server);
                        }
                        return null;
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private void acquire(String server) throws SQLException {
        Map<String, Integer> mine = held.get();
        if (mine.getOrDefault(server, 0) == 0) {
            Semaphore limit = sessions.computeIfAbsent(server, k -> new Semaphore(MAX_SESSIONS_PER_SERVER, true));
            try {
                if (!limit.tryAcquire(WAIT_FOR_SESSION.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new SQLException("all " + MAX_SESSIONS_PER_SERVER + " administrator sessions to " + server + " are busy", "53300");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while waiting for a session to " + server, "57014");
            }
        }
        mine.merge(server, 1, Integer::sum);
    }

    private void release(String server) {
        Map<String, Integer> mine = held.get();
        int left = mine.merge(server, -1, Integer::sum);
        if (left <= 0) {
            mine.remove(server);
            sessions.get(server).release();
        }
    }

    private Connection reusable(String key) throws SQLException {
        Deque<Idle> deque = idle.get(key);
        if (deque == null) return null;
        while (true) {
            Idle candidate;
            synchronized (deque) {
                candidate = deque.pollFirst();
            }
            if (candidate == null) return null;
            boolean fresh = Duration.between(candidate.since(), clock.instant()).compareTo(maxIdle) < 0;
            if (fresh && candidate.connection().isValid(2)) return candidate.connection();
            closeQuietly(candidate.connection());
        }
    }

    private void giveBack(String key, Connection c) {
        try {
            if (c.isClosed()) return;
            // Never hand on an open transaction.
            if (!c.getAutoCommit()) {
                c.rollback();
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            closeQuietly(c);
            return;
        }
        if (maxIdle.isZero()) {
            closeQuietly(c);
            return;
        }
        Deque<Idle> deque = idle.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (deque) {
            if (deque.size() < MAX_IDLE_PER_KEY) {
                deque.addFirst(new Idle(c, clock.instant()));
                return;
            }
        }
        closeQuietly(c);
    }

    @Override
    public void close() {
        idle.values().forEach(deque -> {
            synchronized (deque) {
                deque.forEach(i -> closeQuietly(i.connection()));
                deque.clear();
            }
        });
    }

    /** The password is part of the key (hashed): a changed password never reuses a session opened with the old one. */
    private static String key(String host, int port, String user, String password, String database) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : new String[]{host, String.valueOf(port), user, password == null ? "" : password, database}) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // it is being discarded anyway
        }
    }
}
