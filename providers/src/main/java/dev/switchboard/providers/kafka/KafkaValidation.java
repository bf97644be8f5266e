package dev.switchboard.providers.kafka;

import dev.switchboard.core.config.ValueFormat;
import dev.switchboard.core.kinds.kafka.KafkaKind;
import dev.switchboard.core.linker.ValidationItem;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.target.AccessScope;
import dev.switchboard.core.target.TargetEndpoint;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A connection's validation, logged in as the connection itself with fresh clients:
 * <ul>
 *   <li>{@code TargetReachable}: a TCP connect to the bootstrap address;</li>
 *   <li>{@code CredentialsLogIn}: a SASL/SCRAM login (an admin client as the connection describes the cluster);</li>
 *   <li>{@code CanProduceConsume}: one record (key and header {@code switchboard-validation}) produced to the first
 *   existing topic of the scope, in the order of {@code access.topics} (a prefix takes the first matching topic by
 *   name), then read back at its offset by a consumer without a group (no offsets are committed). The login has
 *   no CREATE, so when no topic of the scope exists yet this is a WARNING ({@code NoTopicToValidate});</li>
 *   <li>{@code CanUseConsumerGroup}: the committed offsets of the first group of the scope (a prefix gets
 *   {@code <prefix>switchboard-validation}) are read. It never joins or commits, so a live group of the app is
 *   not rebalanced or moved.</li>
 * </ul>
 * All four items are always returned; a check that could not run is a failure with code {@code Skipped}.
 * The validation record stays in the topic: consumers see it, marked by its header.
 */
final class KafkaValidation {
    static final String REACHABLE = "TargetReachable";
    static final String LOGIN = "CredentialsLogIn";
    static final String PRODUCE_CONSUME = "CanProduceConsume";
    static final String GROUP = "CanUseConsumerGroup";
    static final String MARK = "switchboard-validation";
    private final KafkaClients clients;
    private final Duration connectTimeout;

    KafkaValidation(KafkaClients clients, Duration connectTimeout) {
        this.clients = clients;
        this.connectTimeout = connectTimeout;
    }

    List<ValidationItem> validate(TargetEndpoint endpoint, AccessScope.Topics scope, String login, Secret password) {
        String address = KafkaClients.address(endpoint);
        List<String> secrets = secrets(endpoint, password);
        List<ValidationItem> items = new ArrayList<>();
        items.add(reachable(endpoint, address));
        if (!items.get(0).passed()) return skipRest(items, REACHABLE);
        Properties props = clients.properties(endpoint, login, password.reveal());
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster().nodes().get(clients.apiTimeout().toMillis(), TimeUnit.MILLISECONDS);
            items.add(ValidationItem.success(LOGIN, "The login " + login + " can log in to " + address));
            items.add(produceConsume(admin, props, scope, secrets));
            items.add(group(admin, scope, secrets));
        } catch (Exception e) {
            items.add(failure(LOGIN, "The login " + login + " can log in to " + address, e, secrets));
            return skipRest(items, LOGIN);
        }
        return items;
    }

    private ValidationItem reachable(TargetEndpoint endpoint, String address) {
        String description = "A TCP connection to " + address + " can be opened";
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), (int) connectTimeout.toMillis());
            return ValidationItem.success(REACHABLE, description);
        } catch (IOException | IllegalArgumentException e) {
            return ValidationItem.failure(REACHABLE, description, "TargetUnreachable",
                    "cannot connect to " + address + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private ValidationItem produceConsume(Admin admin, Properties props, AccessScope.Topics scope, List<String> secrets) {
        String description = "The login can produce a record to a topic of its scope and consume it back";
        try {
            Optional<String> topic = firstTopic(admin.listTopics().names().get(), scope);
            if (topic.isEmpty()) {
                return new ValidationItem(PRODUCE_CONSUME, description, ValidationItem.Result.WARNING, "NoTopicToValidate",
                        "no topic of " + scope.topics() + " exists yet (the login may not create topics)");
            }
            String token = UUID.randomUUID().toString();
            RecordMetadata sent = produce(props, topic.get(), token);
            if (!consumed(props, new TopicPartition(topic.get(), sent.partition()), sent.offset(), token)) {
                return ValidationItem.failure(PRODUCE_CONSUME, description, "ConsumeFailed",
                        "the record produced to " + topic.get() + " was not read back in time");
            }
            return ValidationItem.success(PRODUCE_CONSUME, description + " (topic " + topic.get() + ")");
        } catch (Exception e) {
            return failure(PRODUCE_CONSUME, description, e, secrets);
        }
    }

    /** The first existing topic in scope order: a literal if it exists, else the first by name under a prefix. */
    static Optional<String> firstTopic(Set<String> existing, AccessScope.Topics scope) {
        for (String pattern : scope.topics()) {
            String stem = KafkaKind.stem(pattern);
            if (!KafkaKind.isPrefix(pattern) && existing.contains(stem)) return Optional.of(stem);
            if (KafkaKind.isPrefix(pattern)) {
                Optional<String> match = existing.stream().filter(t -> t.startsWith(stem)).sorted().findFirst();
                if (match.isPresent()) return match;
            }
        }
        return Optional.empty();
    }

    private RecordMetadata produce(Properties common, String topic, String token) throws Exception {
        Properties p = new Properties();
        p.putAll(common);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(clients.apiTimeout().toMillis()));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(clients.apiTimeout().toMillis()));
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, MARK, token);
            record.headers().add(MARK, "1".getBytes(StandardCharsets.UTF_8));
            return producer.send(record).get(clients.apiTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private boolean consumed(Properties common, TopicPartition tp, long offset, String token) {
        Properties p = new Properties();
        p.putAll(common);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, offset);
            long deadline = System.nanoTime() + clients.apiTimeout().toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() == offset && token.equals(r.value())) return true;
                }
            }
            return false;
        }
    }

    private ValidationItem group(Admin admin, AccessScope.Topics scope, List<String> secrets) {
        if (scope.groups().isEmpty()) {
            return ValidationItem.success(GROUP, "The scope has no consumer group (a producer-only connection)");
        }
        String first = scope.groups().get(0);
        String group = KafkaKind.isPrefix(first) ? KafkaKind.stem(first) + MARK : first;
        String description = "The login may use the consumer group " + group + " (its committed offsets are read)";
        try {
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(clients.apiTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return ValidationItem.success(GROUP, description);
        } catch (Exception e) {
            return failure(GROUP, description, e, secrets);
        }
    }

    private static ValidationItem failure(String name, String description, Exception thrown, List<String> secrets) {
        Throwable e = KafkaErrors.unwrap(thrown);
        if (e instanceof InterruptedException) Thread.currentThread().interrupt();
        String code;
        if (e instanceof AuthenticationException) code = "AuthenticationFailed";
        else if (e instanceof AuthorizationException) code = "PermissionDenied";
        else if (KafkaErrors.isTransient(e) || e instanceof java.util.concurrent.TimeoutException) code = "TargetUnreachable";
        else code = name.equals(LOGIN) ? "LoginFailed" : "OperationFailed";
        return ValidationItem.failure(name, description, code, KafkaErrors.describe(e, secrets));
    }

    private static List<ValidationItem> skipRest(List<ValidationItem> items, String because) {
        for (String name : List.of(LOGIN, PRODUCE_CONSUME, GROUP)) {
            if (items.stream().noneMatch(i -> i.name().equals(name))) {
                items.add(ValidationItem.failure(name, name, "Skipped", "not attempted because " + because + " failed"));
            }
        }
        return items;
    }

    private static List<String> secrets(TargetEndpoint endpoint, Secret password) {
        List<String> out = new ArrayList<>();
        for (Secret s : new Secret[] {password, endpoint.adminPassword()}) {
            if (s == null) continue;
            out.add(s.reveal());
            out.add(ValueFormat.JAAS.encode(s.reveal()));
        }
        return out;
    }
}
