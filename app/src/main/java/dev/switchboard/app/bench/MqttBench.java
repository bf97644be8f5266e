package dev.switchboard.app.bench;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.json.JsonText;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.engine.resources.ResourceService;
import dev.switchboard.providers.mqtt.MosquittoDynsec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * MQTT on a private Mosquitto with the dynamic-security plugin (the machine's broker has none), started for the run.
 * Floor: one MQTT session per create as the dynsec administrator (HiveMQ client, as the provider), one command batch:
 * createClient, createRole, the connection's three ACLs (publish, subscribe, receive on {@code <login>/#}),
 * addClientRole, published at QoS 0, and the plugin's answer awaited.
 */
final class MqttBench implements BenchTarget {
    private static final String REQUEST = "$CONTROL/dynamic-security/v1";
    private final MosquittoDynsec broker;

    MqttBench(MosquittoDynsec broker) {
        this.broker = broker;
    }

    @Override
    public String name() { return "mqtt"; }

    @Override
    public String describe() { return "Mosquitto (dynamic security) " + broker.host() + ":" + broker.port(); }

    @Override
    public ResourceId register(ResourceService resources, ResourceId group, String marker) {
        ResourceId server = ResourceId.parse(group + "/providers/Switchboard.Messaging/mqttBrokers/broker");
        resources.put(server, Map.of("location", "local", "properties", Map.of("host", broker.host(), "port", broker.port(),
                "administratorLogin", broker.admin(), "administratorLoginPassword", broker.password())), null, "bench");
        return server;
    }

    @Override
    public void floorCreate(String login, Secret password) throws Exception {
        String role = "sb-role-" + login;
        String topic = login + "/#";
        run(List.of(
                command("command", "createClient", "username", login, "password", password.reveal()),
                command("command", "createRole", "rolename", role),
                acl(role, "publishClientSend", topic), acl(role, "subscribePattern", topic), acl(role, "publishClientReceive", topic),
                command("command", "addClientRole", "username", login, "rolename", role)));
    }

    @Override
    public void floorDrop(String login) throws Exception {
        run(List.of(command("command", "deleteClient", "username", login), command("command", "deleteRole", "rolename", "sb-role-" + login)));
    }

    /** Clients and roles: a connection's role ({@code sb-role-<login>}) must go with it. */
    @Override
    public List<String> logins(String marker) throws Exception {
        List<String> out = new ArrayList<>();
        for (Object response : run(List.of(command("command", "listClients"), command("command", "listRoles")))) {
            Map<?, ?> data = (Map<?, ?>) ((Map<?, ?>) response).get("data");
            for (String key : List.of("clients", "roles")) {
                if (data != null && data.get(key) instanceof List<?> names) {
                    for (Object n : names) if (String.valueOf(n).contains(marker)) out.add(String.valueOf(n));
                }
            }
        }
        return out;
    }

    private static String acl(String role, String type, String topic) {
        return JsonText.object(Map.of("command", "addRoleACL", "rolename", role, "acltype", type, "topic", topic, "allow", true));
    }

    private static String command(String... keysAndValues) {
        return JsonText.object(keysAndValues);
    }

    /** One session: subscribe to the answers, publish the batch, wait for the answer; the plugin's errors fail the run. */
    private List<?> run(List<String> commands) throws Exception {
        Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().serverHost(broker.host()).serverPort(broker.port())
                .buildBlocking();
        client.connectWith().cleanStart(true).simpleAuth().username(broker.admin())
                .password(broker.password().getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send();
        try (Mqtt5BlockingClient.Mqtt5Publishes answers = client.publishes(MqttGlobalPublishFilter.SUBSCRIBED)) {
            client.subscribeWith().topicFilter(REQUEST + "/response").qos(MqttQos.AT_LEAST_ONCE).send();
            // QoS 0, as the provider: the answer is the acknowledgement, and a PUBACK would cost a delayed-ACK wait.
            client.publishWith().topic(REQUEST).qos(MqttQos.AT_MOST_ONCE)
                    .payload(("{\"commands\":[" + String.join(",", commands) + "]}").getBytes(StandardCharsets.UTF_8)).send();
            Optional<Mqtt5Publish> answer = answers.receive(10, TimeUnit.SECONDS);
            if (answer.isEmpty()) throw new IllegalStateException("no answer from the dynamic-security plugin");
            List<?> responses = (List<?>) JsonText.parseObject(new String(answer.get().getPayloadAsBytes(), StandardCharsets.UTF_8))
                    .get("responses");
            for (Object r : responses) {
                Object error = ((Map<?, ?>) r).get("error");
                if (error != null) throw new IllegalStateException("dynamic security: " + ((Map<?, ?>) r).get("command") + ": " + error);
            }
            return responses;
        } finally {
            client.disconnect();
        }
    }

    @Override
    public void close() {
        broker.close();
    }
}
