package dev.switchboard.app.bench;

import dev.switchboard.core.target.TargetEndpoint;
import dev.switchboard.providers.mqtt.MosquittoDynsec;
import dev.switchboard.providers.nats.NatsTestServer;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;

/**
 * Makes the target a name asks for. PostgreSQL, MySQL, Redis and RabbitMQ are the given servers (the machine's by
 * default); MQTT, NATS and Kafka need what the machine does not give (a Mosquitto with dynamic security, a NATS with
 * an authorization file, a Kafka with SASL/SCRAM), so a private one is started for the run and stopped after it.
 */
public final class BenchTargets {
    public static final List<String> NAMES = List.of("postgres", "mysql", "redis", "rabbitmq", "mqtt", "nats", "kafka");

    /** A target that cannot be measured here, and why. */
    public static final class Unavailable extends Exception {
        public Unavailable(String reason) {
            super(reason);
        }
    }

    /** The servers to use; {@code redis}'s admin password is null when its default user needs none. */
    public record Servers(TargetEndpoint postgres, TargetEndpoint mysql, TargetEndpoint redis, TargetEndpoint rabbitmq,
                          int rabbitManagementPort) { }

    private final Servers servers;
    private final SecureRandom random;

    public BenchTargets(Servers servers, SecureRandom random) {
        this.servers = servers;
        this.random = random;
    }

    public BenchTarget open(String name) throws Unavailable {
        return switch (name) {
            case "postgres" -> new PostgresBench(servers.postgres());
            case "mysql" -> new MysqlBench(servers.mysql());
            case "redis" -> new RedisBench(servers.redis());
            case "rabbitmq" -> new RabbitMqBench(servers.rabbitmq(), servers.rabbitManagementPort());
            case "mqtt" -> new MqttBench(started("mosquitto with the dynamic-security plugin", MosquittoDynsec::start));
            case "nats" -> nats();
            case "kafka" -> new KafkaBench(KafkaBroker.start().orElseThrow(() -> new Unavailable("the Kafka broker ("
                    + KafkaBroker.CLASS + " and the Kafka server jars) is not on the class path; run bench through"
                    + " bin/bench-kafka-classpath (see the README)")));
            default -> throw new IllegalArgumentException("unknown target " + name + "; one of " + NAMES + " or all");
        };
    }

    private NatsBench nats() throws Unavailable {
        NatsTestServer engine = started("nats-server", NatsTestServer::start);
        try {
            return new NatsBench(engine, started("a second nats-server", NatsTestServer::start), random);
        } catch (Unavailable e) {
            engine.close();
            throw e;
        }
    }

    private static <T> T started(String what, java.util.function.Supplier<T> start) throws Unavailable {
        try {
            return start.get();
        } catch (RuntimeException e) {
            throw new Unavailable("could not start " + what + ": " + e.getMessage());
        }
    }

    /** For {@code servers}: an endpoint of host:port with a default port. */
    public static TargetEndpoint endpoint(String hostPort, int defaultPort, String user, String password) {
        int colon = hostPort.lastIndexOf(':');
        String host = colon > 0 ? hostPort.substring(0, colon) : hostPort;
        int port = colon > 0 ? Integer.parseInt(hostPort.substring(colon + 1)) : defaultPort;
        return new TargetEndpoint(host, port, user, password == null ? null : dev.switchboard.core.secret.Secret.of(password), null,
                Map.of());
    }
}
