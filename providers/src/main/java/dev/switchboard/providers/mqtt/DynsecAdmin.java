package dev.switchboard.providers.mqtt;

import dev.switchboard.core.json.JsonText;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An administrator's session with Mosquitto's dynamic-security plugin: commands are published as one JSON batch
 * to {@code $CONTROL/dynamic-security/v1} and answered on {@code .../response}. Every administrator connected
 * sees every answer on that topic, so each command carries a {@code correlationData} unique to this batch and only
 * answers carrying ours are taken; the wait is bounded by the session's timeout.
 */
final class DynsecAdmin implements AutoCloseable {
    static final String REQUEST_TOPIC = "$CONTROL/dynamic-security/v1";
    static final String RESPONSE_TOPIC = REQUEST_TOPIC + "/response";
    private final MqttSession session;
    private final Duration timeout;
    private final String where;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();

    /** One command's answer: {@code error} is null on success; {@code data} may be empty. */
    record Reply(String command, Map<String, Object> data, String error) {
        boolean ok() { return error == null; }
    }

    DynsecAdmin(MqttSession session, Duration timeout, String where) {
        this.session = session;
        this.timeout = timeout;
        this.where = where;
        session.subscribe(RESPONSE_TOPIC, this::received);
    }

    private void received(Mqtt5Publish publish) {
        replies.add(new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8));
    }

    /** A command: its name and its fields, in order (values: String, Boolean or Integer). */
    static Map<String, Object> command(String name, Object... fields) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("command", name);
        for (int i = 0; i < fields.length; i += 2) c.put((String) fields[i], fields[i + 1]);
        return c;
    }

    Reply run(Map<String, Object> command) {
        return run(List.of(command)).get(0);
    }

    /** Sends the commands as one batch (the plugin runs them in order) and returns their answers in order. */
    List<Reply> run(List<Map<String, Object>> commands) {
        String batch = UUID.randomUUID().toString();
        StringBuilder json = new StringBuilder("{\"commands\":[");
        for (int i = 0; i < commands.size(); i++) {
            Map<String, Object> c = new LinkedHashMap<>(commands.get(i));
            c.put("correlationData", batch + ":" + i);
            json.append(i == 0 ? "" : ",").append(JsonText.object(c));
        }
        session.send(REQUEST_TOPIC, json.append("]}").toString());
        return awaitReplies(batch, commands.size());
    }

    private List<Reply> awaitReplies(String batch, int count) {
        Map<String, Reply> found = new HashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (found.size() < count) {
                String message = replies.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (message == null) {
                    throw new MqttProblem(MqttProblem.Kind.TIMEOUT, where + ": no answer from the dynamic-security plugin within "
                            + timeout.toMillis() + " ms (is mosquitto_dynamic_security loaded, and may the administrator publish to "
                            + REQUEST_TOPIC + "?)");
                }
                collect(message, batch, found);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MqttProblem(MqttProblem.Kind.UNREACHABLE, where + ": interrupted waiting for the dynamic-security plugin");
        }
        List<Reply> out = new ArrayList<>();
        for (int i = 0; i < count; i++) out.add(found.get(batch + ":" + i));
        return out;
    }

    @SuppressWarnings("unchecked")
    private void collect(String message, String batch, Map<String, Reply> found) {
        Object parsed;
        try {
            parsed = JsonText.parse(message);
        } catch (IllegalArgumentException e) {
            return; // someone else's garbage on the shared response topic
        }
        if (!(parsed instanceof Map<?, ?> root) || !(root.get("responses") instanceof List<?> responses)) return;
        for (Object o : responses) {
            if (!(o instanceof Map<?, ?> r) || !(r.get("correlationData") instanceof String id) || !id.startsWith(batch + ":")) continue;
            Map<String, Object> data = r.get("data") instanceof Map<?, ?> d ? (Map<String, Object>) d : Map.of();
            found.put(id, new Reply(String.valueOf(r.get("command")), data, r.get("error") instanceof String e ? e : null));
        }
    }

    @Override
    public void close() {
        session.close();
    }
}
