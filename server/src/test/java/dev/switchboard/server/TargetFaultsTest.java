package dev.switchboard.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.providers.TcpForwarder;
import dev.switchboard.providers.kafka.KafkaTestBroker;
import dev.switchboard.providers.mqtt.MosquittoDynsec;
import dev.switchboard.providers.nats.NatsTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 3/6: a target that is unreachable when a connection is made. Each kind's server is registered through a
 * test-owned TCP forwarder in front of the real service, which then goes down: the request fails with
 * {@code TargetUnreachable} naming the server resource, its kind and address, within a bounded time (the retry
 * budget), leaves no login on the target and no footprint, journal or secret in the store; once the forwarder is
 * back the same connection can be made and deleted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TargetFaultsTest {
    static final String SUFFIX = ApiChecks.suffix();
    static final String RG = "/subscriptions/" + TestServer.SUB + "/resourceGroups/faults-" + SUFFIX;
    static final String CONNECTORS = RG + "/providers/Microsoft.ServiceLinker/locations/local/connectors/";
    static final String V = "?api-version=2024-04-01";
    static final String RV = "?api-version=2024-03-01";
    /** RetryPolicy.DEFAULT sleeps 0.2+0.4+0.8+1.6 s; each attempt against a closed port is refused at once. */
    static final long BOUND_MILLIS = 20_000;

    @TempDir
    static Path data;
    static TestServer sb;
    static MosquittoDynsec mosquitto;
    static NatsTestServer nats;
    static KafkaTestBroker kafka;
    @TempDir
    static Path pgBase;
    /** Password-checking PostgreSQL, and a nats-server whose authorization file a dedicated administrator takes over. */
    static PrivatePostgres ownPg;
    static NatsTestServer ownNats;

    /** One kind: where its server type lives, the port to put a forwarder in front of, its server properties given that port. */
    record Kind(String name, String serverType, int upstream, IntFunction<Map<String, Object>> props, String child,
                Map<String, Object> access, TargetLogins.LoginCheck logins, TargetLogins.Removal byHand) {
        @Override public String toString() { return name; }
    }

    @BeforeAll
    void start() throws Exception {
        // No administrator session outlives a call: one opened before the fault would hide it (a PostgreSQL or Kafka
        // session survives its password's change, and a pooled Kafka client talks to the broker's advertised address,
        // behind the forwarder's back). The README says what session reuse changes.
        sb = TestServer.startWithoutSessionReuse(data);
        assertThat(sb.call("PUT", RG + RV, Map.of("location", "local")).status()).isEqualTo(201);
        mosquitto = MosquittoDynsec.start();
        nats = NatsTestServer.start();
        kafka = KafkaTestBroker.start();
        kafka.createTopics("orders" + SUFFIX);
        ownPg = PrivatePostgres.start(pgBase);
        ownNats = NatsTestServer.start();
        String script = System.getProperty("switchboard.repoRoot") + "/bin/lib/rabbitmq-management.sh";
        assertThat(new ProcessBuilder("bash", script).inheritIO().start().waitFor()).isZero();
    }

    @AfterAll
    void stop() {
        if (sb != null) {
            sb.call("DELETE", RG + RV, null);
            sb.close();
        }
        if (mosquitto != null) mosquitto.close();
        if (nats != null) nats.close();
        if (kafka != null) kafka.close();
        if (ownPg != null) ownPg.close();
        if (ownNats != null) ownNats.close();
    }

    Stream<Kind> kinds() {
        return Stream.of(
                new Kind("postgresql", "Microsoft.DBforPostgreSQL/flexibleServers", 5432, port -> Map.of("fullyQualifiedDomainName",
                        "127.0.0.1", "port", port, "administratorLogin", "postgres", "administratorLoginPassword", "trusted"),
                        "/databases/sbf_" + SUFFIX, Map.of(), LocalPostgres::roleExists, TargetFaultsTest::dropRole),
                new Kind("mysql", "Microsoft.DBforMySQL/flexibleServers", 3306, port -> Map.of("fullyQualifiedDomainName", "127.0.0.1",
                        "port", port, "administratorLogin", "root", "administratorLoginPassword", ""),
                        "/databases/sbf_" + SUFFIX, Map.of(), TargetLogins::mysqlUser, TargetLogins::dropMysqlUser),
                new Kind("redis", "Microsoft.Cache/redis", 6379, port -> Map.of("hostName", "127.0.0.1", "port", port), "",
                        Map.of("keyPattern", "f" + SUFFIX + ":*"), TargetLogins::redisUser, login -> TargetLogins.redis().aclDelUser(login)),
                new Kind("rabbitmq", "Switchboard.Messaging/rabbitMQServers", 15672, port -> Map.of("host", "127.0.0.1", "port", 5672,
                        "managementPort", port, "administratorLogin", "guest", "administratorLoginPassword", "guest"),
                        "/vhosts/sbf_" + SUFFIX, Map.of(), TargetLogins::rabbitUser,
                        login -> TargetLogins.rabbit("DELETE", "/api/users/" + login, null)),
                new Kind("mqtt", "Switchboard.Messaging/mqttBrokers", mosquitto.port(), port -> Map.of("host", "127.0.0.1", "port", port,
                        "administratorLogin", mosquitto.admin(), "administratorLoginPassword", mosquitto.password()), "",
                        Map.of("publish", List.of("orders/#"), "subscribe", List.of("orders/#")),
                        TargetLogins.mqtt(mosquitto, List.of("orders/#")), TargetLogins.dropMqttClient(mosquitto)),
                new Kind("nats", "Switchboard.Messaging/natsServers", nats.port(), port -> Map.of("host", "127.0.0.1", "port", port,
                        "administratorLogin", nats.adminLogin(), "administratorLoginPassword", nats.adminPassword().reveal(),
                        "authorizationFile", nats.authorizationFile().toString(), "pidFile", nats.pidFile().toString()), "",
                        Map.of("publish", List.of("orders.>"), "subscribe", List.of("orders.>")), TargetLogins.nats(nats),
                        TargetLogins.dropNatsUser(nats)),
                new Kind("kafka", "Switchboard.Messaging/kafkaClusters", kafka.port(), port -> Map.of("host", "127.0.0.1", "port", port,
                        "administratorLogin", KafkaTestBroker.ADMIN, "administratorLoginPassword", kafka.adminPassword()), "",
                        Map.of("topics", List.of("orders" + SUFFIX)), TargetLogins.kafka(kafka), TargetLogins.dropKafkaUser(kafka)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void anUnreachableTargetFailsClearlyWithinTheRetryBudgetAndLeavesNothing(Kind kind) throws Exception {
        try (TcpForwarder forwarder = TcpForwarder.to(kind.upstream())) {
            String server = RG + "/providers/" + kind.serverType() + "/u" + kind.name();
            register(server, kind.props().apply(forwarder.port()), kind.child());
            String connector = CONNECTORS + "u" + kind.name() + SUFFIX;
            String login = "sbf_u" + kind.name() + SUFFIX;
            forwarder.down();

            long started = System.nanoTime();
            JsonNode error = FaultChecks.createFails(sb, connector, body(server + kind.child(), login, kind.access()));
            long took = (System.nanoTime() - started) / 1_000_000;
            assertThat(error.path("code").asText()).as(error.toString()).isEqualTo("TargetUnreachable");
            assertThat(error.path("message").asText()).as(error.toString())
                    .contains(server).contains(kind.name()).contains("127.0.0.1:" + forwarder.port());
            assertThat(error.toString()).doesNotContain("guest\"").doesNotContain(mosquitto.password())
                    .doesNotContain(nats.adminPassword().reveal()).doesNotContain(kafka.adminPassword());
            assertThat(took).as("failure within the retry budget (%d ms)", took).isLessThan(BOUND_MILLIS);
            System.out.printf("[faults] %s unreachable: %s after %d ms: %s%n", kind.name(), error.path("code").asText(), took,
                    error.path("message").asText());
            FaultChecks.nothingLeft(sb, connector, login, kind.logins());

            forwarder.up();
            TestServer.Answer again = sb.call("PUT", connector + V, body(server + kind.child(), login, kind.access()));
            assertThat(again.status()).as(again.raw().body()).isIn(200, 201);
            assertThat(sb.await(again).path("status").asText()).as("once the target is back").isEqualTo("Succeeded");
            assertThat(kind.logins().exists(login)).isTrue();
            sb.await(sb.call("DELETE", connector + V, null));
            assertThat(kind.logins().exists(login)).isFalse();
            unregister(server, kind.child());
        }
    }

    /**
     * Issue 3: a connection whose login an operator already removed by hand is deleted as usual, and the delete says
     * so: its operation status carries the note, as does the audit entry of how the operation ended.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void deletingAConnectionWhoseLoginWasRemovedByHandSucceedsAndSaysSo(Kind kind) throws Exception {
        String server = RG + "/providers/" + kind.serverType() + "/h" + kind.name();
        register(server, kind.props().apply(kind.upstream()), kind.child());
        String connector = CONNECTORS + "h" + kind.name() + SUFFIX;
        String login = "sbf_h" + kind.name() + SUFFIX;
        TestServer.Answer put = sb.call("PUT", connector + V, body(server + kind.child(), login, kind.access()));
        assertThat(sb.await(put).path("status").asText()).as(put.raw().body()).isEqualTo("Succeeded");
        assertThat(kind.logins().exists(login)).isTrue();
        kind.byHand().remove(login);
        assertThat(kind.logins().exists(login)).as("removed by hand").isFalse();

        TestServer.Answer delete = sb.call("DELETE", connector + V, null);
        assertThat(delete.status()).isEqualTo(202);
        JsonNode status = sb.await(delete);
        assertThat(status.path("status").asText()).as(status.toString()).isEqualTo("Succeeded");
        String note = status.at("/properties/notes/0").asText();
        System.out.printf("[faults] %s delete after removal by hand: %s%n", kind.name(), note);
        assertThat(note).as(status.toString()).contains("login '" + login + "' was already gone").contains(server);
        assertThat(sb.call("GET", connector + V, null).status()).isEqualTo(404);
        assertThat(FaultChecks.auditOutcomes(sb, "already gone")).anyMatch(o -> o.contains(login));
        FaultChecks.nothingLeft(sb, connector, login, kind.logins());
        unregister(server, kind.child());
    }

    /** A kind whose server is registered with a dedicated administrator the test creates, and can re-password, on the target. */
    record Refusing(String name, String serverType, java.util.function.BiFunction<String, String, Map<String, Object>> props,
                    String child, Map<String, Object> access, TargetLogins.LoginCheck logins, Admin admin) {
        @Override public String toString() { return name; }
    }

    /** Creating (or re-passwording) and removing an administrator account on the target. */
    interface Admin {
        void set(String login, String password) throws Exception;

        void drop(String login) throws Exception;
    }

    Stream<Refusing> refusing() {
        return Stream.of(
                new Refusing("postgresql", "Microsoft.DBforPostgreSQL/flexibleServers", (a, pw) -> Map.of("fullyQualifiedDomainName",
                        "127.0.0.1", "port", ownPg.port(), "administratorLogin", a, "administratorLoginPassword", pw),
                        "/databases/sbr_" + SUFFIX, Map.of(), ownPg::roleExists, TargetLogins.postgresAdmin(ownPg)),
                new Refusing("mqtt", "Switchboard.Messaging/mqttBrokers", (a, pw) -> Map.of("host", "127.0.0.1", "port", mosquitto.port(),
                        "administratorLogin", a, "administratorLoginPassword", pw), "",
                        Map.of("publish", List.of("orders/#"), "subscribe", List.of("orders/#")),
                        TargetLogins.mqtt(mosquitto, List.of("orders/#")), TargetLogins.mqttAdmin(mosquitto)),
                new Refusing("nats", "Switchboard.Messaging/natsServers", (a, pw) -> Map.of("host", "127.0.0.1", "port", ownNats.port(),
                        "administratorLogin", a, "administratorLoginPassword", pw, "authorizationFile",
                        ownNats.authorizationFile().toString(), "pidFile", ownNats.pidFile().toString()), "",
                        Map.of("publish", List.of("orders.>"), "subscribe", List.of("orders.>")), TargetLogins.nats(ownNats),
                        TargetLogins.natsAdmin(ownNats)),
                new Refusing("mysql", "Microsoft.DBforMySQL/flexibleServers", (a, pw) -> Map.of("fullyQualifiedDomainName", "127.0.0.1",
                        "port", 3306, "administratorLogin", a, "administratorLoginPassword", pw), "/databases/sbr_" + SUFFIX, Map.of(),
                        TargetLogins::mysqlUser, new Admin() {
                            public void set(String a, String pw) throws Exception {
                                TargetLogins.mysql("CREATE USER IF NOT EXISTS '" + a + "'@'%' IDENTIFIED BY '" + pw + "'");
                                TargetLogins.mysql("ALTER USER '" + a + "'@'%' IDENTIFIED BY '" + pw + "'");
                                TargetLogins.mysql("GRANT ALL PRIVILEGES ON *.* TO '" + a + "'@'%' WITH GRANT OPTION");
                            }
                            public void drop(String a) throws Exception { TargetLogins.dropMysqlUser(a); }
                        }),
                new Refusing("redis", "Microsoft.Cache/redis", (a, pw) -> Map.of("hostName", "127.0.0.1", "port", 6379,
                        "administratorLogin", a, "administratorLoginPassword", pw), "", Map.of("keyPattern", "r" + SUFFIX + ":*"),
                        TargetLogins::redisUser, new Admin() {
                            public void set(String a, String pw) { TargetLogins.redis().aclSetUser(a, "on", "resetpass", ">" + pw, "~*", "&*", "+@all"); }
                            public void drop(String a) { TargetLogins.redis().aclDelUser(a); }
                        }),
                new Refusing("rabbitmq", "Switchboard.Messaging/rabbitMQServers", (a, pw) -> Map.of("host", "127.0.0.1", "port", 5672,
                        "administratorLogin", a, "administratorLoginPassword", pw), "/vhosts/sbr_" + SUFFIX, Map.of(),
                        TargetLogins::rabbitUser, new Admin() {
                            public void set(String a, String pw) throws Exception {
                                TargetLogins.rabbit("PUT", "/api/users/" + a, "{\"password\":\"" + pw + "\",\"tags\":\"administrator\"}");
                            }
                            public void drop(String a) throws Exception { TargetLogins.rabbit("DELETE", "/api/users/" + a, null); }
                        }),
                new Refusing("kafka", "Switchboard.Messaging/kafkaClusters", (a, pw) -> Map.of("host", "127.0.0.1", "port", kafka.port(),
                        "administratorLogin", KafkaTestBroker.OTHER_SUPER_USER, "administratorLoginPassword", pw), "",
                        Map.of("topics", List.of("orders" + SUFFIX)), TargetLogins.kafka(kafka), new Admin() {
                            public void set(String a, String pw) throws Exception { TargetLogins.setKafkaPassword(kafka, KafkaTestBroker.OTHER_SUPER_USER, pw); }
                            public void drop(String a) throws Exception { TargetLogins.dropKafkaUser(kafka).remove(KafkaTestBroker.OTHER_SUPER_USER); }
                        }));
    }

    /**
     * Issue 3/6: the administrator login the server was registered with is refused by the target (its password was
     * changed there): the connection fails at once with TargetAuthenticationFailed naming the server and the
     * administrator, never a password, and nothing is made; with the password back, the connection works.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("refusing")
    void aRefusedAdminLoginFailsClearlyAndMakesNothing(Refusing kind) throws Exception {
        String admin = "sbradm" + kind.name() + SUFFIX;
        String right = "Right-" + ApiChecks.secret();
        String changed = "Changed-" + ApiChecks.secret();
        String server = RG + "/providers/" + kind.serverType() + "/r" + kind.name();
        String connector = CONNECTORS + "r" + kind.name() + SUFFIX;
        String login = "sbf_r" + kind.name() + SUFFIX;
        kind.admin().set(admin, right);
        try {
            register(server, kind.props().apply(admin, right), kind.child());
            kind.admin().set(admin, changed);
            long started = System.nanoTime();
            JsonNode error = FaultChecks.createFails(sb, connector, body(server + kind.child(), login, kind.access()));
            long took = (System.nanoTime() - started) / 1_000_000;
            System.out.printf("[faults] %s admin refused: %s after %d ms: %s%n", kind.name(), error.path("code").asText(), took,
                    error.path("message").asText());
            assertThat(error.path("code").asText()).as(error.toString()).isEqualTo("TargetAuthenticationFailed");
            assertThat(error.path("message").asText()).contains(server).contains("administrator login");
            assertThat(error.toString()).doesNotContain(right).doesNotContain(changed);
            assertThat(took).as("a refused login is not retried").isLessThan(BOUND_MILLIS);
            FaultChecks.nothingLeft(sb, connector, login, kind.logins());

            kind.admin().set(admin, right);
            TestServer.Answer again = sb.call("PUT", connector + V, body(server + kind.child(), login, kind.access()));
            assertThat(sb.await(again).path("status").asText()).as(again.raw().body()).isEqualTo("Succeeded");
            sb.await(sb.call("DELETE", connector + V, null));
            assertThat(kind.logins().exists(login)).isFalse();
            unregister(server, kind.child());
        } finally {
            kind.admin().drop(admin);
        }
    }

    /** What an operator does to drop a role that has privileges: drop what it owns and is granted in each database. */
    static void dropRole(String login) throws Exception {
        String role = ApiChecks.quote(login);
        LocalPostgres.execute("sbf_" + SUFFIX, "DROP OWNED BY " + role);
        LocalPostgres.execute("postgres", "DROP OWNED BY " + role + "; DROP ROLE " + role);
    }

    static void register(String server, Map<String, Object> props, String child) {
        TestServer.Answer created = sb.call("PUT", server + RV, Map.of("location", "local", "properties", props));
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        if (!child.isEmpty()) {
            TestServer.Answer c = sb.call("PUT", server + child + RV, Map.of("properties", Map.of()));
            assertThat(c.status()).as(c.raw().body()).isEqualTo(201);
        }
    }

    static void unregister(String server, String child) {
        if (!child.isEmpty()) assertThat(sb.call("DELETE", server + child + RV, null).status()).isBetween(200, 204);
        assertThat(sb.call("DELETE", server + RV, null).status()).isBetween(200, 204);
    }

    static Map<String, Object> body(String target, String login, Map<String, Object> access) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("targetService", Map.of("type", "AzureResource", "id", target));
        props.put("authInfo", Map.of("authType", "secret", "name", login));
        props.put("clientType", "none");
        if (!access.isEmpty()) props.put("access", access);
        return Map.of("properties", props);
    }

    static ResourceId id(String path) {
        return ResourceId.parse(path);
    }
}
