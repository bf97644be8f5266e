package dev.switchboard.providers.mysql;

import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.target.TargetEndpoint;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "preferred" against the machine's MariaDB, which has TLS off: the refused TLS attempt is remembered for a while, so
 * later connections go straight to the plain login, and they still work; a server that is asked for TLS explicitly
 * is never affected.
 */
class MysqlConnectorTest {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final MysqlConnector connector = new MysqlConnector(Duration.ofSeconds(5), new Clock() {
        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    });
    private final TargetEndpoint preferred = new TargetEndpoint("127.0.0.1", 3306, "root", Secret.of(""), null);

    @Test
    void aServerWithoutTlsIsRememberedForAWhileAndConnectionsStillWork() throws Exception {
        assertThat(connector.knownWithoutTls(preferred)).isFalse();
        try (Connection c = connector.admin(preferred)) {
            assertThat(c.isValid(2)).isTrue();
        }
        assertThat(connector.knownWithoutTls(preferred)).as("the machine's MariaDB has TLS off").isTrue();
        try (Connection c = connector.admin(preferred)) {
            assertThat(c.isValid(2)).isTrue();
        }
        now = now.plus(MysqlConnector.NO_TLS_MEMORY);
        assertThat(connector.knownWithoutTls(preferred)).isFalse();
    }

    @Test
    void requiredTlsIsNeverDowngradedByTheMemory() throws Exception {
        try (Connection ignored = connector.admin(preferred)) {
            assertThat(connector.knownWithoutTls(preferred)).isTrue();
        }
        TargetEndpoint required = new TargetEndpoint("127.0.0.1", 3306, "root", Secret.of(""), null, Map.of("sslMode", "required"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> connector.admin(required).close())
                .hasMessageContaining("ssl");
    }
}
