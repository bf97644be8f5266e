package dev.switchboard.server;

import dev.switchboard.core.kinds.kafka.KafkaKind;
import dev.switchboard.providers.kafka.KafkaTestBroker;
import dev.switchboard.providers.mqtt.MosquittoDynsec;
import dev.switchboard.providers.mqtt.MqttTestSupport;
import dev.switchboard.providers.nats.NatsTestServer;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.nio.file.Files;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile login names, MQTT topic filters, NATS subjects and Kafka topic/group names through the API, against a
 * Mosquitto (dynamic security), a NATS (authorization file) and a KRaft Kafka that this class starts: a 400 naming
 * the field with nothing on the broker, or exactly one new client/user whose ACLs are exactly the one filter,
 * subject or name asked for ({@code #} and {@code >} only where the protocol allows them, nothing widened), that
 * validates (MQTT, NATS), and is gone after the delete.
 */
class HostileBrokerNamesTest {
    static final String PREFIX = "sbhb" + ApiChecks.suffix();
    static final String RG = "/subscriptions/" + TestServer.SUB + "/resourceGroups/" + PREFIX;
    static final String MQTT = RG + "/providers/Switchboard.Messaging/mqttBrokers/broker";
    static final String NATS = RG + "/providers/Switchboard.Messaging/natsServers/bus";
    static final String KAFKA = RG + "/providers/Switchboard.Messaging/kafkaClusters/events";
    static final Pattern NATS_USER = Pattern.compile("\\{user: \"([^\"]*)\"[^\\n]*?(permissions: \\{.*})}\\s*$", Pattern.MULTILINE);

    static TestServer sb;
    static HostileConnections connections;
    static MosquittoDynsec mosquitto;
    static NatsTestServer nats;
    static KafkaTestBroker kafka;

    @BeforeContainer
    static void start() throws Exception {
        sb = TestServer.start(Files.createTempDirectory("sb-hostile-brokers"));
        connections = new HostileConnections(sb, RG, PREFIX);
        mosquitto = MosquittoDynsec.start();
        nats = NatsTestServer.start();
        kafka = KafkaTestBroker.start();
        HostileConnections.put(sb, RG, Map.of("location", "local"));
        HostileConnections.put(sb, MQTT, Map.of("location", "local", "properties", Map.of("host", mosquitto.host(),
                "port", mosquitto.port(), "administratorLogin", mosquitto.admin(), "administratorLoginPassword", mosquitto.password())));
        HostileConnections.put(sb, NATS, Map.of("location", "local", "properties", Map.of("host", nats.host(), "port", nats.port(),
                "administratorLogin", nats.adminLogin(), "administratorLoginPassword", nats.adminPassword().reveal(),
                "authorizationFile", nats.authorizationFile().toString(), "pidFile", nats.pidFile().toString())));
        HostileConnections.put(sb, KAFKA, Map.of("location", "local", "properties", Map.of("host", kafka.host(), "port", kafka.port(),
                "administratorLogin", KafkaTestBroker.ADMIN, "administratorLoginPassword", kafka.adminPassword())));
    }

    @AfterContainer
    static void stop() throws Exception {
        try {
            HostileConnections.close(sb, RG);
        } finally {
            if (mosquitto != null) mosquitto.close();
            if (nats != null) nats.close();
            if (kafka != null) kafka.close();
        }
    }

    static final HostileConnections.Target MQTT_CLIENTS = new HostileConnections.Target() {
        @Override public Set<String> logins() {
            return new TreeSet<>(MqttTestSupport.clients(mosquitto).stream()
                    .filter(c -> c.toLowerCase(java.util.Locale.ROOT).contains(PREFIX)).toList());
        }

        @Override public Object grants(String login) {
            return MqttTestSupport.acls(mosquitto, "sb-role-" + login);
        }
    };

    static final HostileConnections.Target NATS_USERS = new HostileConnections.Target() {
        @Override public Set<String> logins() {
            Set<String> out = new TreeSet<>();
            Matcher m = NATS_USER.matcher(nats.authorizationText());
            while (m.find()) if (m.group(1).toLowerCase(java.util.Locale.ROOT).contains(PREFIX)) out.add(m.group(1));
            return out;
        }

        @Override public Object grants(String login) {
            Matcher m = NATS_USER.matcher(nats.authorizationText());
            while (m.find()) if (m.group(1).equals(login)) return m.group(2);
            return null;
        }
    };

    static final HostileConnections.Target KAFKA_USERS = new HostileConnections.Target() {
        @Override public Set<String> logins() throws Exception {
            return TargetListings.kafkaUsers(kafka, PREFIX);
        }

        @Override public Object grants(String login) throws Exception {
            return TargetListings.kafkaAcls(kafka, login);
        }
    };

    @Provide
    Arbitrary<String> names() {
        return HostileStrings.logins(PREFIX);
    }

    @Provide
    Arbitrary<String> filters() {
        return HostileStrings.values(PREFIX, "/");
    }

    @Provide
    Arbitrary<String> subjects() {
        return HostileStrings.values(PREFIX, ".");
    }

    @Property(tries = 30)
    void mqttLoginNames(@ForAll("names") String login) throws Exception {
        String f = PREFIX + "/#";
        connections.attempt(HostileConnections.properties(MQTT, login, Map.of("publish", List.of(f), "subscribe", List.of(f))),
                "properties.authInfo.name", login, MQTT_CLIENTS, mqttAcls(f), false);
    }

    @Property(tries = 30)
    void mqttTopicFilters(@ForAll("filters") String filter) throws Exception {
        String login = connections.login();
        connections.attempt(HostileConnections.properties(MQTT, login, Map.of("publish", List.of(filter), "subscribe", List.of(filter))),
                "properties.access.", login, MQTT_CLIENTS, mqttAcls(filter), true);
    }

    static Set<String> mqttAcls(String filter) {
        return Set.of("publishClientSend true " + filter, "subscribePattern true " + filter, "publishClientReceive true " + filter);
    }

    @Property(tries = 30)
    void natsLoginNames(@ForAll("names") String login) throws Exception {
        String s = PREFIX + ".>";
        connections.attempt(HostileConnections.properties(NATS, login, Map.of("publish", List.of(s), "subscribe", List.of(s))),
                "properties.authInfo.name", login, NATS_USERS, natsPermissions(s), false);
    }

    @Property(tries = 30)
    void natsSubjects(@ForAll("subjects") String subject) throws Exception {
        String login = connections.login();
        connections.attempt(HostileConnections.properties(NATS, login, Map.of("publish", List.of(subject), "subscribe", List.of(subject))),
                "properties.access.", login, NATS_USERS, natsPermissions(subject), true);
    }

    /** The one permissions block the file may hold for a connection (the reply inbox is on by default). */
    static String natsPermissions(String subject) {
        return "permissions: {publish: {allow: [\"" + subject + "\"]}, subscribe: {allow: [\"" + subject + "\", \"_INBOX.>\"]}}";
    }

    @Property(tries = 30)
    void kafkaLoginNames(@ForAll("names") String login) throws Exception {
        String topic = PREFIX + ".t";
        connections.attempt(HostileConnections.properties(KAFKA, login, Map.of("topics", List.of(topic), "groups", List.of(topic))),
                "properties.authInfo.name", login, KAFKA_USERS, kafkaAcls(topic, topic), false);
    }

    @Property(tries = 30)
    void kafkaTopicAndGroupNames(@ForAll("subjects") String name) throws Exception {
        String login = connections.login();
        connections.attempt(HostileConnections.properties(KAFKA, login, Map.of("topics", List.of(name), "groups", List.of(name))),
                "properties.access.", login, KAFKA_USERS, KafkaKind.isPattern(name) ? kafkaAcls(name, name) : null, false);
    }

    /** README: WRITE, READ, DESCRIBE on the topics and READ on the groups, literal or (for {@code name*}) prefixed. */
    static Set<String> kafkaAcls(String topic, String group) {
        Set<String> out = new TreeSet<>();
        for (String op : List.of("WRITE", "READ", "DESCRIBE")) out.add("TOPIC:" + kafkaPattern(topic) + ":" + op + ":ALLOW");
        out.add("GROUP:" + kafkaPattern(group) + ":READ:ALLOW");
        return out;
    }

    private static String kafkaPattern(String name) {
        return (KafkaKind.isPrefix(name) ? "PREFIXED" : "LITERAL") + ":" + KafkaKind.stem(name);
    }
}
