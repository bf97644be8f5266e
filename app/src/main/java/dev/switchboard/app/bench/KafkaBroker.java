package dev.switchboard.app.bench;

import dev.switchboard.core.target.TargetEndpoint;

import java.lang.reflect.InvocationTargetException;
import java.util.Optional;

/**
 * The providers' test broker ({@code KafkaTestBroker}: KRaft in this JVM), reached reflectively. It needs the Kafka
 * server jars, which the server's runtime must not carry, so it lives in the providers' test jar; {@code bench}
 * finds it only when started with that jar and the broker's dependencies on the class path
 * ({@code bin/bench-kafka-classpath}), and otherwise skips Kafka with that reason.
 */
final class KafkaBroker implements AutoCloseable {
    static final String CLASS = "dev.switchboard.providers.kafka.KafkaTestBroker";
    private final AutoCloseable broker;

    private KafkaBroker(AutoCloseable broker) {
        this.broker = broker;
    }

    /** Empty when the broker class or the Kafka server jars are not on the class path. */
    static Optional<KafkaBroker> start() {
        Class<?> type;
        try {
            type = Class.forName(CLASS);
            Class.forName("kafka.server.KafkaRaftServer");
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
        try {
            return Optional.of(new KafkaBroker((AutoCloseable) type.getMethod("start").invoke(null)));
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("the Kafka broker did not start: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot start " + CLASS + ": " + e, e);
        }
    }

    TargetEndpoint endpoint() {
        try {
            return (TargetEndpoint) broker.getClass().getMethod("endpoint").invoke(broker);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the Kafka broker's endpoint: " + e, e);
        }
    }

    @Override
    public void close() {
        try {
            broker.close();
        } catch (Exception e) {
            throw new IllegalStateException("stopping the Kafka broker: " + e.getMessage(), e);
        }
    }
}
