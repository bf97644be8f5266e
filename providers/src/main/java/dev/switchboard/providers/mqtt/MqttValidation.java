package dev.switchboard.providers.mqtt;

import dev.switchboard.core.linker.ValidationItem;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.target.AccessScope;
import dev.switchboard.core.target.TargetEndpoint;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A connection's validation as the connection itself: {@code TargetReachable} (a TCP connect),
 * {@code CredentialsLogIn} (an MQTT 5 CONNECT with its username and password, fresh client ID) and
 * {@code CanPublishConsume}: subscribe to one of its subscribe filters, publish a random payload to a topic that
 * one of its publish filters allows and that subscription matches ({@link ProbeTopic}), and receive it. When no
 * topic is both publishable and subscribable (or one list is empty) it checks what it can: the broker accepts a
 * publish (PUBACK without error) and/or a subscribe (SUBACK granted). Always three items; a check that could not
 * run is a failure with code {@code Skipped}. Messages never hold the password (they are built from reason codes).
 */
final class MqttValidation {
    static final String REACHABLE = "TargetReachable";
    static final String LOGIN = "CredentialsLogIn";
    static final String PUBLISH_CONSUME = "CanPublishConsume";
    private final Duration timeout;

    MqttValidation(Duration timeout) {
        this.timeout = timeout;
    }

    List<ValidationItem> validate(TargetEndpoint endpoint, AccessScope.Subjects scope, String login, Secret password) {
        String address = MqttSession.address(endpoint.host(), endpoint.port());
        List<ValidationItem> items = new ArrayList<>();
        items.add(reachable(endpoint, address));
        String loginDescription = "The client " + login + " can log in to " + address;
        if (!items.get(0).passed()) {
            items.add(skipped(LOGIN, loginDescription, REACHABLE));
            items.add(skipped(PUBLISH_CONSUME, exchangeDescription(), REACHABLE));
            return items;
        }
        byte[] secret = password == null ? new byte[0] : password.reveal().getBytes(StandardCharsets.UTF_8);
        try (MqttSession session = MqttSession.open(endpoint.host(), endpoint.port(), login, secret, timeout, "validate")) {
            items.add(ValidationItem.success(LOGIN, loginDescription));
            items.add(exchange(session, scope));
        } catch (MqttProblem p) {
            String code = p.kind() == MqttProblem.Kind.LOGIN_REFUSED ? "LoginRefused" : "LoginFailed";
            items.add(ValidationItem.failure(LOGIN, loginDescription, code, p.getMessage()));
            items.add(skipped(PUBLISH_CONSUME, exchangeDescription(), LOGIN));
        }
        return items;
    }

    private ValidationItem exchange(MqttSession session, AccessScope.Subjects scope) {
        Optional<ProbeTopic> probe = ProbeTopic.find(scope, "sb-validate-" + UUID.randomUUID());
        try {
            if (probe.isPresent()) return roundTrip(session, probe.get());
            return separately(session, scope);
        } catch (MqttProblem p) {
            String code = p.kind() == MqttProblem.Kind.NOT_AUTHORIZED ? "NotAuthorized" : "PublishSubscribeFailed";
            return ValidationItem.failure(PUBLISH_CONSUME, exchangeDescription(), code, p.getMessage());
        }
    }

    private ValidationItem roundTrip(MqttSession session, ProbeTopic probe) {
        String payload = "switchboard-validate-" + UUID.randomUUID();
        CompletableFuture<Void> received = new CompletableFuture<>();
        session.subscribe(probe.subscribeFilter(), p -> {
            if (payload.equals(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8))) received.complete(null);
        });
        session.publish(probe.topic(), payload);
        String description = "Published to " + probe.topic() + " and received it through " + probe.subscribeFilter();
        try {
            received.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return ValidationItem.success(PUBLISH_CONSUME, description);
        } catch (TimeoutException | ExecutionException e) {
            return ValidationItem.failure(PUBLISH_CONSUME, description, "MessageNotReceived",
                    "the message published to " + probe.topic() + " did not arrive within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ValidationItem.failure(PUBLISH_CONSUME, description, "MessageNotReceived", "interrupted");
        }
    }

    /** No topic is both publishable and subscribable: each direction is checked on its own. */
    private static ValidationItem separately(MqttSession session, AccessScope.Subjects scope) {
        List<String> done = new ArrayList<>();
        if (!scope.subscribe().isEmpty()) {
            session.subscribe(scope.subscribe().get(0), p -> { });
            done.add("subscribed to " + scope.subscribe().get(0));
        }
        if (!scope.publish().isEmpty()) {
            String topic = ProbeTopic.concrete(scope.publish().get(0), "sb-validate-" + UUID.randomUUID());
            session.publish(topic, "switchboard-validate");
            done.add("published to " + topic);
        }
        return ValidationItem.success(PUBLISH_CONSUME, "The broker accepted what the login may do (no topic is both"
                + " publishable and subscribable): " + String.join(", ", done));
    }

    private ValidationItem reachable(TargetEndpoint endpoint, String address) {
        String description = "A TCP connection to " + address + " can be opened";
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), (int) Math.max(1, timeout.toMillis()));
            return ValidationItem.success(REACHABLE, description);
        } catch (IOException | IllegalArgumentException e) {
            return ValidationItem.failure(REACHABLE, description, "TargetUnreachable",
                    "cannot connect to " + address + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static String exchangeDescription() {
        return "The login can publish and receive within its topic filters";
    }

    private static ValidationItem skipped(String name, String description, String because) {
        return ValidationItem.failure(name, description, "Skipped", "not checked because " + because + " failed");
    }
}
