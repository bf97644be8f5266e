package dev.switchboard.server;

import com.fasterxml.jackson.databind.JsonNode;
import net.jqwik.api.statistics.Statistics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One hostile value in a connection, through the API (a location-scoped connector, so no app restarts): either
 * refused with a 400 naming the field and nothing on the target, or a connection that works, whose login is the
 * only new one the target lists, holding exactly the intended permissions; deleting it leaves nothing.
 */
final class HostileConnections {
    /** What a kind's target itself says: the logins holding the run's prefix, and what one login may do. */
    interface Target {
        Set<String> logins() throws Exception;

        Object grants(String login) throws Exception;
    }

    private final TestServer sb;
    private final String connectors;
    private final String prefix;
    private final AtomicInteger counter = new AtomicInteger();

    HostileConnections(TestServer sb, String resourceGroup, String prefix) {
        this.sb = sb;
        this.connectors = resourceGroup + "/providers/Microsoft.ServiceLinker/locations/local/connectors/";
        this.prefix = prefix;
    }

    /** Creates (or re-puts) a fixture resource; it must be accepted. */
    static void put(TestServer server, String id, Object body) {
        TestServer.Answer a = server.call("PUT", id + "?api-version=2024-03-01", body);
        assertThat(a.status()).as("%s: %s", id, a.raw().body()).isIn(200, 201);
    }

    /** Deletes the run's resource group (and so what it holds) and stops the server. */
    static void close(TestServer server, String resourceGroup) {
        if (server == null) return;
        try {
            server.call("DELETE", resourceGroup + "?api-version=2024-03-01", null);
        } finally {
            server.close();
        }
    }

    /** A valid login of this run, for the properties whose hostile value is elsewhere. */
    String login() {
        return prefix + "_a" + counter.incrementAndGet();
    }

    static Map<String, Object> properties(String targetId, String login, Map<String, Object> access) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("targetService", Map.of("type", "AzureResource", "id", targetId));
        p.put("authInfo", Map.of("authType", "secret", "name", login,
                "secretInfo", Map.of("secretType", "rawValue", "value", "Hostile-pw-1")));
        p.put("clientType", "none");
        if (!access.isEmpty()) p.put("access", access);
        return p;
    }

    /**
     * Puts a connector with {@code properties}. Refused: a 400 whose target or message names {@code field}, no
     * connector, no login. Accepted: the operation succeeds, {@code target} lists exactly {@code login} with
     * {@code expectedGrants} (compared when not null), validation passes when {@code validate}, and a delete
     * leaves nothing. Returns whether it was accepted.
     */
    boolean attempt(Map<String, Object> properties, String field, String login, Target target, Object expectedGrants,
                    boolean validate) throws Exception {
        String connector = connectors + "h" + counter.incrementAndGet() + "?api-version=2024-04-01";
        Set<String> before = target.logins();
        assertThat(before).as("logins of this run before").isEmpty();
        TestServer.Answer put = sb.call("PUT", connector, Map.of("properties", properties));
        String seen = field + " " + properties + " -> " + put.status() + " " + put.raw().body();
        assertThat(put.status()).as(seen).isIn(201, 400);
        if (put.status() == 400) {
            Statistics.collect("refused");
            JsonNode error = HostileStrings.assertRefusal(put.status(), put.raw().body(), seen);
            assertThat(error.path("target").asText() + " " + error.path("message").asText()).as(seen).contains(field);
            assertThat(sb.call("GET", connector, null).status()).as(seen).isEqualTo(404);
            assertThat(target.logins()).as("logins after a refusal: %s", seen).isEmpty();
            return false;
        }
        Statistics.collect("accepted");
        try {
            accepted(put, connector, seen, login, target, expectedGrants, validate);
        } finally {
            TestServer.Answer delete = sb.call("DELETE", connector, null);
            if (delete.status() == 202) sb.await(delete);
        }
        return true;
    }

    private void accepted(TestServer.Answer put, String connector, String seen, String login, Target target, Object expectedGrants,
                          boolean validate) throws Exception {
        JsonNode status = sb.await(put);
        assertThat(status.path("status").asText()).as("%s: %s", seen, status).isEqualTo("Succeeded");
        assertThat(target.logins()).as("logins after: %s", seen).containsExactly(login);
        if (expectedGrants != null) assertThat(target.grants(login)).as("grants of %s: %s", login, seen).isEqualTo(expectedGrants);
        if (validate) {
            JsonNode report = sb.result(sb.call("POST", connectorAction(connector, "validate"), null)).body();
            assertThat(report.at("/properties/isConnectionAvailable").asBoolean()).as("validation of %s: %s", seen, report).isTrue();
        }
        TestServer.Answer delete = sb.call("DELETE", connector, null);
        assertThat(delete.status()).as(seen).isEqualTo(202);
        assertThat(sb.await(delete).path("status").asText()).as(seen).isEqualTo("Succeeded");
        assertThat(target.logins()).as("logins after delete: %s", seen).isEmpty();
    }

    private static String connectorAction(String connector, String action) {
        int q = connector.indexOf('?');
        return connector.substring(0, q) + "/" + action + connector.substring(q);
    }

}
