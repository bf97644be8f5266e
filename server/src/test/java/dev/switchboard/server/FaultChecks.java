package dev.switchboard.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.id.ResourceId;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the target-fault tests check after a connection request that must fail. */
final class FaultChecks {
    private FaultChecks() { }

    /**
     * Makes the connection and expects it to fail: either refused at once (the target is checked before anything
     * is stored) or accepted and then failed. Returns ARM's {@code error} object either way.
     */
    static JsonNode createFails(TestServer sb, String connector, Map<String, Object> body) {
        TestServer.Answer put = sb.call("PUT", connector + TargetFaultsTest.V, body);
        if (put.status() >= 400) {
            assertThat(put.header("Content-Type")).startsWith("application/json");
            assertThat(sb.call("GET", connector + TargetFaultsTest.V, null).status()).as("nothing stored").isEqualTo(404);
            return put.body().path("error");
        }
        JsonNode status = sb.await(put);
        assertThat(status.path("status").asText()).as(status.toString()).isEqualTo("Failed");
        assertThat(sb.call("GET", connector + TargetFaultsTest.V, null).body().at("/properties/provisioningState").asText())
                .isEqualTo("Failed");
        return status.path("error");
    }

    /** Audit entries (as stored) of the server that contain {@code fragment}. */
    static java.util.List<String> auditOutcomes(TestServer sb, String fragment) {
        String url = "jdbc:sqlite:" + sb.server().dataDirectory().storeFile().toAbsolutePath();
        try (var c = java.sql.DriverManager.getConnection(url);
             var ps = c.prepareStatement("SELECT body FROM audit WHERE instr(body, ?) > 0")) {
            ps.setString(1, fragment);
            java.util.List<String> out = new java.util.ArrayList<>();
            try (var rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
            return out;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** No login on the target, and no footprint, journal line or connection secret in the store. */
    static void nothingLeft(TestServer sb, String connector, String login, TargetLogins.LoginCheck logins) throws Exception {
        assertThat(logins.exists(login)).as("login %s on the target", login).isFalse();
        assertThat(sb.server().store().footprint(ResourceId.parse(connector))).as("footprint").isEmpty();
        assertThat(sb.server().store().journalSize()).as("journal lines").isZero();
        assertThat(ApiChecks.storeRows(sb.server(), "secrets", "name", "linker:" + ResourceId.parse(connector).key()))
                .as("connection secrets").isZero();
    }

    /** A fault injector that runs the action waiting in {@code next} (once) when step {@code step} has landed. */
    static dev.switchboard.engine.FaultInjector onceAfter(String step, java.util.concurrent.atomic.AtomicReference<Runnable> next) {
        return (planned, phase) -> {
            Runnable r = planned.name().equals(step) && phase == dev.switchboard.core.store.JournalEntry.Phase.DONE
                    ? next.getAndSet(null) : null;
            if (r != null) r.run();
        };
    }

    /**
     * The create ended {@code Failed} with TargetUnreachable naming {@code server}, and the login it made could not be
     * dropped while the target was down: the footprint still says it is this connection's, for a retry or a delete.
     */
    static void failedKeepingTheLogin(TestServer sb, String connector, JsonNode status, String server) {
        assertThat(status.path("status").asText()).as(status.toString()).isEqualTo("Failed");
        assertThat(status.at("/error/code").asText()).isEqualTo("TargetUnreachable");
        assertThat(status.at("/error/message").asText()).contains(server);
        assertThat(sb.call("GET", connector + TargetFaultsTest.V, null).body().at("/properties/provisioningState").asText())
                .isEqualTo("Failed");
        assertThat(sb.server().store().footprint(ResourceId.parse(connector))).hasValueSatisfying(f ->
                assertThat(f.loginCreated()).isTrue());
    }
}
