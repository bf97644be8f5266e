package dev.switchboard.providers.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.exceptions.ConnectionClosedException;
import com.hivemq.client.mqtt.exceptions.ConnectionFailedException;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAck;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One short-lived MQTT 5 connection (HiveMQ client, asynchronous API so that every wait is bounded by
 * {@code timeout}). MQTT 5 because its CONNACK, SUBACK and PUBACK carry reason codes: a refused publish is
 * reported as NOT_AUTHORIZED instead of being dropped silently as in 3.1.1. Failures are {@link MqttProblem}s.
 */
final class MqttSession implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Mqtt5AsyncClient client;
    private final Duration timeout;
    private final String where;

    private MqttSession(Mqtt5AsyncClient client, Duration timeout, String where) {
        this.client = client;
        this.timeout = timeout;
        this.where = where;
    }

    static String address(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** Connects with a clean start and a random client ID ({@code sb-<purpose>-<hex>}), as {@code username}. */
    static MqttSession open(String host, int port, String username, byte[] password, Duration timeout, String purpose) {
        long ms = Math.max(1, timeout.toMillis());
        Mqtt5AsyncClient client = MqttClient.builder().useMqttVersion5()
                .identifier("sb-" + purpose + "-" + HexFormat.of().formatHex(randomBytes()))
                .serverHost(host).serverPort(port)
                .transportConfig().socketConnectTimeout(ms, TimeUnit.MILLISECONDS).mqttConnectTimeout(ms, TimeUnit.MILLISECONDS)
                .applyTransportConfig()
                .buildAsync();
        MqttSession session = new MqttSession(client, timeout, "MQTT broker at " + address(host, port));
        try {
            session.await(client.connectWith().cleanStart(true).simpleAuth().username(username).password(password)
                    .applySimpleAuth().send(), "logging in as " + username);
            return session;
        } catch (RuntimeException e) {
            session.close(); // a timed-out attempt may still be connecting
            throw e;
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return b;
    }

    /** Subscribes at QoS 1; {@code onMessage} runs on the client's thread. Refused → NOT_AUTHORIZED problem. */
    void subscribe(String filter, Consumer<Mqtt5Publish> onMessage) {
        Mqtt5SubAck ack;
        try {
            ack = await(client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).callback(onMessage).send(),
                    "subscribing to " + filter);
        } catch (SubAckRefused e) {
            ack = e.ack;
        }
        List<Mqtt5SubAckReasonCode> codes = ack.getReasonCodes();
        if (codes.isEmpty() || codes.get(0).isError()) {
            throw refusal(codes.isEmpty() ? "no reason code" : codes.get(0).name(), "subscribing to " + filter);
        }
    }

    /** Publishes at QoS 1 and checks the PUBACK: NO_MATCHING_SUBSCRIBERS is success, an error code a problem. */
    void publish(String topic, String payload) {
        Mqtt5PublishResult result = await(client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                .payload(payload.getBytes(StandardCharsets.UTF_8)).send(), "publishing to " + topic);
        if (result instanceof Mqtt5PublishResult.Mqtt5Qos1Result qos1 && qos1.getPubAck().getReasonCode().isError()) {
            throw refusal(qos1.getPubAck().getReasonCode().name(), "publishing to " + topic);
        }
        if (result.getError().isPresent()) throw problem(result.getError().get(), "publishing to " + topic);
    }

    /**
     * Publishes at QoS 0, for requests whose answer is awaited anyway (the dynamic-security commands): a QoS 1
     * PUBACK adds nothing there and costs a delayed-ACK wait per request (~40 ms on Linux) on a broker with Nagle's
     * algorithm on (Mosquitto's default, {@code set_tcp_nodelay false}): its PUBACK and its answer are two small
     * writes, and the second waits for the client to acknowledge the first.
     */
    void send(String topic, String payload) {
        Mqtt5PublishResult result = await(client.publishWith().topic(topic).qos(MqttQos.AT_MOST_ONCE)
                .payload(payload.getBytes(StandardCharsets.UTF_8)).send(), "publishing to " + topic);
        if (result.getError().isPresent()) throw problem(result.getError().get(), "publishing to " + topic);
    }

    private MqttProblem refusal(String code, String what) {
        MqttProblem.Kind kind = "NOT_AUTHORIZED".equals(code) ? MqttProblem.Kind.NOT_AUTHORIZED : MqttProblem.Kind.REFUSED;
        return new MqttProblem(kind, where + ": " + what + " was refused (" + code + ")", code);
    }

    private <T> T await(CompletableFuture<T> future, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new MqttProblem(MqttProblem.Kind.TIMEOUT, where + ": " + what + ": no answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MqttProblem(MqttProblem.Kind.UNREACHABLE, where + ": " + what + ": interrupted");
        } catch (ExecutionException e) {
            throw problem(e.getCause(), what);
        }
    }

    /** A SUBACK that refused every filter completes the future exceptionally; its reason codes are still wanted. */
    private static final class SubAckRefused extends RuntimeException {
        final Mqtt5SubAck ack;
        SubAckRefused(Mqtt5SubAck ack) { super(null, null, false, false); this.ack = ack; }
    }

    private RuntimeException problem(Throwable cause, String what) {
        if (cause instanceof Mqtt5SubAckException s) return new SubAckRefused(s.getMqttMessage());
        if (cause instanceof Mqtt5PubAckException a) return refusal(a.getMqttMessage().getReasonCode().name(), what);
        if (cause instanceof Mqtt5ConnAckException c) {
            Mqtt5ConnAckReasonCode code = c.getMqttMessage().getReasonCode();
            boolean credentials = code == Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD || code == Mqtt5ConnAckReasonCode.NOT_AUTHORIZED
                    || code == Mqtt5ConnAckReasonCode.BANNED || code == Mqtt5ConnAckReasonCode.BAD_AUTHENTICATION_METHOD;
            boolean busy = code == Mqtt5ConnAckReasonCode.SERVER_BUSY || code == Mqtt5ConnAckReasonCode.SERVER_UNAVAILABLE
                    || code == Mqtt5ConnAckReasonCode.QUOTA_EXCEEDED || code == Mqtt5ConnAckReasonCode.CONNECTION_RATE_EXCEEDED;
            MqttProblem.Kind kind = credentials ? MqttProblem.Kind.LOGIN_REFUSED : busy ? MqttProblem.Kind.UNREACHABLE : MqttProblem.Kind.REFUSED;
            return new MqttProblem(kind, where + ": " + what + " was refused (" + code.name() + ")", code.name());
        }
        if (cause instanceof ConnectionFailedException || cause instanceof ConnectionClosedException) {
            Throwable root = cause.getCause() == null ? cause : cause.getCause();
            return new MqttProblem(MqttProblem.Kind.UNREACHABLE, where + ": " + what + " failed: " + describe(root));
        }
        return new MqttProblem(MqttProblem.Kind.REFUSED, where + ": " + what + " failed: " + describe(cause));
    }

    /** The exception's type and message: HiveMQ and the JDK never put a password in either. */
    private static String describe(Throwable t) {
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    @Override
    public void close() {
        try {
            client.disconnect().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // Already gone or not connected: nothing left to release.
        }
    }
}
