package dev.switchboard.providers.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.ShutdownSignalException;
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
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * A connection's validation as the connection itself, over AMQP 0-9-1 on a fresh connection:
 * {@code TargetReachable} (a TCP connect to the AMQP port), {@code CredentialsLogIn} (opening a connection to the
 * scope's vhost with the connection's user and password) and {@code CanPublishConsume}: a message published to the
 * default exchange and read back. Where it goes depends on the permissions: when they allow a server-named queue
 * ({@code amq.gen-…} for configure and read), an exclusive auto-delete queue of its own; otherwise RabbitMQ's direct
 * reply-to pseudo-queue ({@link ReplyToRoundTrip}), which needs only write on the default exchange. Writing to the
 * default exchange ({@code amq.default}) is needed either way; when the write pattern refuses it, the check is a
 * {@code WARNING} ({@code NotAttempted}): a least-privilege grant that is correct but cannot be exercised blindly.
 * The three items are always returned; one that could not run because an earlier one failed is a failure with code
 * {@code Skipped}. Messages never contain a password.
 */
final class AmqpValidation {
    static final String REACHABLE = "TargetReachable";
    static final String LOGIN = "CredentialsLogIn";
    static final String PUBLISH = "CanPublishConsume";
    /** What a server-named queue's name looks like, to test the configure and read patterns against. */
    static final String SERVER_NAMED_SAMPLE = "amq.gen-AbCdEfGhIjKlMnOpQrStUv";
    private static final String DEFAULT_EXCHANGE = "amq.default";
    private final Duration connectTimeout;

    AmqpValidation(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    List<ValidationItem> validate(TargetEndpoint endpoint, AccessScope.Vhost scope, String login, Secret password) {
        String address = ManagementApi.hostPart(endpoint.host()) + ":" + endpoint.port();
        List<ValidationItem> items = new ArrayList<>();
        items.add(reachable(endpoint, address));
        if (!items.get(0).passed()) {
            items.add(skipped(LOGIN, loginDescription(login, scope.vhost()), REACHABLE));
            items.add(skipped(PUBLISH, publishDescription(), REACHABLE));
            return items;
        }
        ConnectionFactory factory = factory(endpoint, scope.vhost(), login, password);
        try (Connection c = factory.newConnection("switchboard-validation")) {
            items.add(ValidationItem.success(LOGIN, loginDescription(login, scope.vhost())));
            items.add(publishConsume(c, scope, secrets(endpoint, password)));
        } catch (IOException | TimeoutException | RuntimeException e) {
            items.add(loginFailure(e, login, scope.vhost(), address, secrets(endpoint, password)));
            items.add(skipped(PUBLISH, publishDescription(), LOGIN));
        }
        return items;
    }

    private ConnectionFactory factory(TargetEndpoint endpoint, String vhost, String login, Secret password) {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost(endpoint.host());
        f.setPort(endpoint.port());
        f.setVirtualHost(vhost);
        f.setUsername(login);
        f.setPassword(password == null ? "" : password.reveal());
        int millis = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
        f.setConnectionTimeout(millis);
        f.setHandshakeTimeout(Math.max(millis, 5_000));
        f.setChannelRpcTimeout(10_000);
        f.setAutomaticRecoveryEnabled(false);
        f.setTopologyRecoveryEnabled(false);
        return f;
    }

    private ValidationItem reachable(TargetEndpoint endpoint, String address) {
        String description = "A TCP connection to " + address + " (AMQP) can be opened";
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
            return ValidationItem.success(REACHABLE, description);
        } catch (IOException | IllegalArgumentException e) {
            return ValidationItem.failure(REACHABLE, description, "TargetUnreachable",
                    "cannot connect to " + address + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static ValidationItem loginFailure(Exception e, String login, String vhost, String address, List<String> secrets) {
        int reply = replyCode(e);
        String code;
        if (e instanceof AuthenticationFailureException || reply == AMQP.ACCESS_REFUSED) code = "AuthenticationFailed";
        else if (reply == AMQP.NOT_ALLOWED) code = "VhostAccessRefused";
        else if (e instanceof TimeoutException || e instanceof java.net.ConnectException) code = "TargetUnreachable";
        else code = "LoginFailed";
        String message = "user " + login + " opening vhost " + vhost + " at " + address + " failed: " + describe(e, secrets);
        return ValidationItem.failure(LOGIN, loginDescription(login, vhost), code, message);
    }

    /** Runs on the caller's open connection, in a channel of its own; any error is a publish/consume failure. */
    private ValidationItem publishConsume(Connection c, AccessScope.Vhost scope, List<String> secrets) {
        if (!finds(scope.write(), DEFAULT_EXCHANGE)) {
            return new ValidationItem(PUBLISH, publishDescription(), ValidationItem.Result.WARNING, "NotAttempted",
                    "the write permission '" + scope.write() + "' does not cover the default exchange, so no message"
                            + " can be sent without knowing the app's exchanges; the login itself works");
        }
        byte[] token = ("switchboard-validation-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        try (Channel ch = c.createChannel()) {
            boolean ownQueue = finds(scope.configure(), SERVER_NAMED_SAMPLE) && finds(scope.read(), SERVER_NAMED_SAMPLE);
            byte[] back = ownQueue ? viaOwnQueue(ch, token) : new ReplyToRoundTrip(ch).roundTrip(token);
            if (Arrays.equals(token, back)) return ValidationItem.success(PUBLISH, publishDescription());
            return ValidationItem.failure(PUBLISH, publishDescription(), "MessageNotReceived",
                    "the message published to the " + (ownQueue ? "temporary queue" : "direct reply-to address")
                            + " did not come back");
        } catch (IOException | TimeoutException | RuntimeException e) {
            String code = replyCode(e) == AMQP.ACCESS_REFUSED ? "PermissionDenied" : "PublishConsumeFailed";
            return ValidationItem.failure(PUBLISH, publishDescription(), code, "publish/consume failed: " + describe(e, secrets));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ValidationItem.failure(PUBLISH, publishDescription(), "PublishConsumeFailed", "interrupted");
        }
    }

    /** An exclusive, auto-delete, server-named queue: published to through the default exchange, read with basic.get. */
    private static byte[] viaOwnQueue(Channel ch, byte[] token) throws IOException, TimeoutException, InterruptedException {
        ch.confirmSelect();
        String queue = ch.queueDeclare().getQueue();
        ch.basicPublish("", queue, true, null, token);
        ch.waitForConfirmsOrDie(10_000);
        for (int i = 0; i < 50; i++) {
            GetResponse got = ch.basicGet(queue, true);
            if (got != null) return got.getBody();
            Thread.sleep(100);
        }
        return null;
    }

    /** Whether RabbitMQ's permission check (an unanchored regex match) would let {@code pattern} cover {@code name}. */
    static boolean finds(String pattern, String name) {
        return !pattern.isEmpty() && Pattern.compile(pattern).matcher(name).find();
    }

    private static int replyCode(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ShutdownSignalException s && s.getReason() instanceof AMQP.Connection.Close close) return close.getReplyCode();
            if (t instanceof ShutdownSignalException s && s.getReason() instanceof AMQP.Channel.Close close) return close.getReplyCode();
        }
        return -1;
    }

    /** The most specific message in the cause chain (the broker's reply text when there is one), scrubbed. */
    private static String describe(Throwable e, List<String> secrets) {
        String text = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ShutdownSignalException s && s.getReason() instanceof AMQP.Connection.Close close) text = close.getReplyText();
            if (t instanceof ShutdownSignalException s && s.getReason() instanceof AMQP.Channel.Close close) text = close.getReplyText();
        }
        for (String secret : secrets) if (secret != null && !secret.isEmpty()) text = text.replace(secret, "***");
        return text;
    }

    private static ValidationItem skipped(String name, String description, String because) {
        return ValidationItem.failure(name, description, "Skipped", "not attempted because " + because + " failed");
    }

    private static String loginDescription(String login, String vhost) {
        return "The user " + login + " can open vhost " + vhost;
    }

    private static String publishDescription() {
        return "The user can publish a message and consume it back";
    }

    private static List<String> secrets(TargetEndpoint endpoint, Secret password) {
        List<String> out = new ArrayList<>();
        if (password != null) out.add(password.reveal());
        if (endpoint.adminPassword() != null) out.add(endpoint.adminPassword().reveal());
        return out;
    }
}
