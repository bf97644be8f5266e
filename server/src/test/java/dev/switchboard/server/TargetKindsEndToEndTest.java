package dev.switchboard.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.providers.kafka.KafkaTestBroker;
import dev.switchboard.providers.mqtt.MosquittoDynsec;
import dev.switchboard.providers.nats.NatsTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of target through the API, against the real services on this machine: a server resource adopted with
 * its admin credential, a connection (location-scoped connector) whose login appears on the target with its least
 * privilege, validation that logs in as that login and does a real operation, configuration in the kind's names,
 * and delete that leaves no login behind. Re-registering with a wrong admin password is refused and changes nothing.
 */
class TargetKindsEndToEndTest {
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    static final String RG = "/subscriptions/" + TestServer.SUB + "/resourceGroups/kinds-" + SUFFIX;
    static final String CONNECTORS = RG + "/providers/Microsoft.ServiceLinker/locations/local/connectors/";
    static final String V = "?api-version=2024-04-01";
    static final String RV = "?api-version=2024-03-01";

    @TempDir
    static Path data;
    static TestServer sb;
    static MosquittoDynsec mosquitto;

    @BeforeAll
    static void start() throws Exception {
        sb = TestServer.start(data);
        assertThat(sb.call("PUT", RG + RV, Map.of("location", "local")).status()).isEqualTo(201);
        mosquitto = MosquittoDynsec.start();
        String script = System.getProperty("switchboard.repoRoot") + "/bin/lib/rabbitmq-management.sh";
        assertThat(new ProcessBuilder("bash", script).inheritIO().start().waitFor()).isZero();
    }

    @AfterAll
    static void stop() {
        if (sb != null) {
            sb.call("DELETE", RG + RV, null);
            sb.close();
        }
        if (mosquitto != null) mosquitto.close();
    }

    @Test
    void mysql() throws Exception {
        String server = RG + "/providers/Microsoft.DBforMySQL/flexibleServers/my";
        String db = "sbt_" + SUFFIX;
        roundTrip(server, Map.of("fullyQualifiedDomainName", "127.0.0.1", "port", 3306, "administratorLogin", "root",
                "administratorLoginPassword", ""), "/databases/" + db, "springBoot", Map.of(),
                List.of("spring.datasource.url", "spring.datasource.username", "spring.datasource.password"),
                List.of("TargetExistence", "TargetReachable", "CredentialsLogIn", "CanQuery"),
                TargetLogins::mysqlUser);
    }

    @Test
    void redis() throws Exception {
        String server = RG + "/providers/Microsoft.Cache/redis/cache";
        roundTrip(server, Map.of("hostName", "127.0.0.1", "port", 6379), "", "none",
                Map.of("keyPattern", "app" + SUFFIX + ":*", "database", 2),
                List.of("AZURE_REDIS_HOST", "AZURE_REDIS_PORT", "AZURE_REDIS_DATABASE", "AZURE_REDIS_USERNAME", "AZURE_REDIS_PASSWORD", "AZURE_REDIS_SSL"),
                List.of("TargetExistence", "TargetReachable", "CredentialsLogIn", "CanReadWrite"),
                TargetLogins::redisUser);
    }

    /** StackExchange.Redis strings have no escape for ',': such a password is a 400 before any ACL user exists. */
    @Test
    void aPasswordTheClientsSyntaxCannotHoldIsRefusedBeforeAnythingChanges() throws Exception {
        String server = RG + "/providers/Microsoft.Cache/redis/strict";
        assertThat(sb.call("PUT", server + RV, Map.of("location", "local", "properties",
                Map.of("hostName", "127.0.0.1", "port", 6379))).status()).isEqualTo(201);
        String login = "sbt_comma" + SUFFIX;
        Map<String, Object> props = Map.of("targetService", Map.of("type", "AzureResource", "id", server),
                "authInfo", Map.of("authType", "secret", "name", login,
                        "secretInfo", Map.of("secretType", "rawValue", "value", "pa,ss" + SUFFIX)),
                "clientType", "dotnet");
        TestServer.Answer refused = sb.call("PUT", CONNECTORS + "comma" + SUFFIX + V, Map.of("properties", props));
        ApiChecks.assertArmError(refused, 400, "InvalidPassword", "properties.authInfo.secretInfo.value");
        assertThat(refused.raw().body()).doesNotContain("pa,ss" + SUFFIX);
        assertThat(sb.call("GET", CONNECTORS + "comma" + SUFFIX + V, null).status()).isEqualTo(404);
        assertThat(TargetLogins.redisUser(login)).isFalse();
        assertThat(sb.call("DELETE", server + RV, null).status()).isBetween(200, 204);
    }

    @Test
    void rabbitmq() throws Exception {
        String server = RG + "/providers/Switchboard.Messaging/rabbitMQServers/rabbit";
        roundTrip(server, Map.of("host", "127.0.0.1", "port", 5672, "administratorLogin", "guest",
                "administratorLoginPassword", "guest"), "/vhosts/sbt_" + SUFFIX, "springBoot", Map.of(),
                List.of("spring.rabbitmq.host", "spring.rabbitmq.port", "spring.rabbitmq.username", "spring.rabbitmq.password",
                        "spring.rabbitmq.virtual-host"),
                List.of("TargetExistence", "TargetReachable", "CredentialsLogIn", "CanPublishConsume"),
                TargetLogins::rabbitUser);
    }

    @Test
    void mqtt() throws Exception {
        String server = RG + "/providers/Switchboard.Messaging/mqttBrokers/broker";
        roundTrip(server, Map.of("host", mosquitto.host(), "port", mosquitto.port(), "administratorLogin", mosquitto.admin(),
                "administratorLoginPassword", mosquitto.password()), "", "none",
                Map.of("publish", List.of("orders/#"), "subscribe", List.of("orders/#")),
                List.of("SWITCHBOARD_MQTT_URL", "SWITCHBOARD_MQTT_HOST", "SWITCHBOARD_MQTT_PORT", "SWITCHBOARD_MQTT_USERNAME",
                        "SWITCHBOARD_MQTT_PASSWORD", "SWITCHBOARD_MQTT_PUBLISH_TOPICS", "SWITCHBOARD_MQTT_SUBSCRIBE_TOPICS"),
                List.of("TargetExistence", "TargetReachable", "CredentialsLogIn", "CanPublishConsume"),
                TargetLogins.mqtt(mosquitto, List.of("orders/#")));
    }

    @Test
    void nats() throws Exception {
        try (NatsTestServer nats = NatsTestServer.start()) {
            String server = RG + "/providers/Switchboard.Messaging/natsServers/bus";
            roundTrip(server, Map.of("host", nats.host(), "port", nats.port(), "administratorLogin", nats.adminLogin(),
                    "administratorLoginPassword", nats.adminPassword().reveal(),
                    "authorizationFile", nats.authorizationFile().toString(), "pidFile", nats.pidFile().toString()), "", "none",
                    Map.of("publish", List.of("orders.>"), "subscribe", List.of("orders.>")),
                    List.of("SWITCHBOARD_NATS_URL", "SWITCHBOARD_NATS_USERNAME", "SWITCHBOARD_NATS_PASSWORD"),
                    List.of("TargetExistence", "TargetReachable", "CredentialsLogIn", "CanPublishConsume"),
                    TargetLogins.nats(nats));
        }
    }

    @Test
    void kafka() throws Exception {
        try (KafkaTestBroker kafka = KafkaTestBroker.start()) {
            String topic = "orders" + SUFFIX;
            kafka.createTopics(topic);
            String server = RG + "/providers/Switchboard.Messaging/kafkaClusters/events";
            roundTrip(server, Map.of("host", kafka.host(), "port", kafka.port(), "administratorLogin", KafkaTestBroker.ADMIN,
                    "administratorLoginPassword", kafka.adminPassword()), "", "springBoot",
                    Map.of("topics", List.of(topic), "groups", List.of("billing")),
                    List.of("spring.kafka.bootstrap-servers", "spring.kafka.properties.security.protocol",
                            "spring.kafka.properties.sasl.mechanism", "spring.kafka.properties.sasl.jaas.config"),
                    List.of("TargetExistence", "TargetReachable", "CredentialsLogIn", "CanProduceConsume"),
                    TargetLogins.kafka(kafka));
        }
    }

    /**
     * Registers the server (a wrong admin password first, which must be refused with nothing stored), creates the
     * child target when there is one, then a connection: its login exists on the target, validation passes every
     * named check, the configuration has exactly the kind's names, and after delete the login is gone.
     */
    private void roundTrip(String server, Map<String, Object> serverProps, String child, String clientType,
                           Map<String, Object> access, List<String> names, List<String> checks, TargetLogins.LoginCheck target) throws Exception {
        TestServer.Answer created = sb.call("PUT", server + RV, Map.of("location", "local", "properties", serverProps));
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        assertThat(created.raw().body()).doesNotContain("administratorLoginPassword");
        if (serverProps.containsKey("administratorLoginPassword") && !"".equals(serverProps.get("administratorLoginPassword"))) {
            // Re-registering with a wrong password is refused and keeps the working credential (the connection below uses it).
            Map<String, Object> wrong = new java.util.LinkedHashMap<>(serverProps);
            wrong.put("administratorLoginPassword", "wrong-" + SUFFIX);
            TestServer.Answer refused = sb.call("PUT", server + RV, Map.of("location", "local", "properties", wrong));
            assertThat(refused.status()).as(refused.raw().body()).isBetween(400, 499);
            assertThat(refused.raw().body()).doesNotContain("wrong-" + SUFFIX);
        }
        String targetId = server + child;
        if (!child.isEmpty()) assertThat(sb.call("PUT", targetId + RV, Map.of("properties", Map.of())).status()).isEqualTo(201);

        String connector = CONNECTORS + "k" + SUFFIX + Math.abs(server.hashCode() % 1000);
        Map<String, Object> props = new java.util.LinkedHashMap<>();
        props.put("targetService", Map.of("type", "AzureResource", "id", targetId));
        props.put("authInfo", Map.of("authType", "secret"));
        props.put("clientType", clientType);
        if (!access.isEmpty()) props.put("access", access);
        TestServer.Answer put = sb.call("PUT", connector + V, Map.of("properties", props));
        assertThat(put.status()).as(put.raw().body()).isEqualTo(201);
        assertThat(sb.await(put).path("status").asText()).as(sb.await(put).toString()).isEqualTo("Succeeded");
        String login = sb.call("GET", connector + V, null).body().at("/properties/authInfo/name").asText();
        assertThat(target.exists(login)).as("login %s on the target", login).isTrue();

        TestServer.Answer validate = sb.call("POST", connector + "/validate" + V, null);
        JsonNode report = sb.result(validate).body();
        assertThat(report.at("/properties/validationDetail").findValuesAsText("name")).containsAll(checks);
        assertThat(report.at("/properties/isConnectionAvailable").asBoolean()).as(report.toString()).isTrue();

        JsonNode configs = sb.call("POST", connector + "/generateConfigurations" + V, Map.of()).body().path("configurations");
        List<String> got = new ArrayList<>(configs.findValuesAsText("name"));
        assertThat(got).containsExactlyInAnyOrderElementsOf(names);

        TestServer.Answer delete = sb.call("DELETE", connector + V, null);
        assertThat(delete.status()).isEqualTo(202);
        sb.await(delete);
        assertThat(target.exists(login)).as("login %s after delete", login).isFalse();
        if (!child.isEmpty()) assertThat(sb.call("DELETE", targetId + RV, null).status()).isBetween(200, 204);
        assertThat(sb.call("DELETE", server + RV, null).status()).isBetween(200, 204);
    }

}
