package dev.switchboard.providers.postgres;

import dev.switchboard.core.secret.Secret;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Administrator sessions are reused only when safe: same key, fresh enough, alive, no open transaction. */
class AdminConnectionPoolTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final Clock clock = new Clock() {
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now.get(); }
    };
    private final AdminConnectionPool pool = new AdminConnectionPool(Duration.ofSeconds(30), clock);

    @AfterEach
    void close() {
        pool.close();
    }

    private Connection borrow(String password) throws SQLException {
        return pool.borrow("127.0.0.1", 5432, "postgres", password, "postgres",
                () -> DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", Secret.of("").reveal()));
    }

    private static int backendPid(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void aReturnedSessionIsReusedForTheSameKeyOnly() throws Exception {
        int first;
        try (Connection c = borrow("a")) {
            first = backendPid(c);
        }
        try (Connection c = borrow("a")) {
            assertThat(backendPid(c)).isEqualTo(first);
        }
        try (Connection c = borrow("b")) {
            assertThat(backendPid(c)).as("another password never gets that session").isNotEqualTo(first);
        }
    }

    @Test
    void anOpenTransactionIsRolledBackBeforeReuse() throws Exception {
        try (Connection c = borrow("a"); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("create temp table pool_probe (x int)");
        }
        try (Connection c = borrow("a"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select count(*) from pg_class where relname = 'pool_probe'")) {
            assertThat(c.getAutoCommit()).isTrue();
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    void aSessionIdleTooLongOrDeadIsNotReused() throws Exception {
        int first;
        try (Connection c = borrow("a")) {
            first = backendPid(c);
        }
        now.set(now.get().plusSeconds(31));
        int second;
        try (Connection c = borrow("a")) {
            second = backendPid(c);
            assertThat(second).isNotEqualTo(first);
        }
        try (Connection admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
             Statement st = admin.createStatement()) {
            st.execute("select pg_terminate_backend(" + second + ")");
        }
        try (Connection c = borrow("a")) {
            assertThat(backendPid(c)).isNotEqualTo(second);
        }
    }
}
