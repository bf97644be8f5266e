package dev.switchboard.providers.kafka;

import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.target.TargetEndpoint;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A single-node KRaft Kafka (broker + controller in one process, in this JVM) in a temp dir on free ports: one
 * SASL_PLAINTEXT listener with SCRAM-SHA-256/512, the StandardAuthorizer with no ACLs (deny by default), and an
 * administrator super user whose SCRAM credential is written at format time (what {@code kafka-storage format
 * --add-scram} does). The controller listener is PLAINTEXT on loopback and its principal (ANONYMOUS) is a super
 * user too: the broker half talks to the controller half through it. Kept small for a 2-core machine: one
 * partition per topic, one I/O and network thread, no log cleaner, 1 MiB segments.
 */
public final class KafkaTestBroker implements AutoCloseable {
    public static final String ADMIN = "sbadmin";
    /** Listed in {@code super.users} but without a credential: a name a connection must never take. */
    public static final String OTHER_SUPER_USER = "sbt_super";
    static final String SUPER_USERS = "User:" + ADMIN + ";User:" + OTHER_SUPER_USER + ";User:ANONYMOUS";

    private final Path dir;
    private final KafkaRaftServer server;
    private final int port;
    private final String password;

    private KafkaTestBroker(Path dir, KafkaRaftServer server, int port, String password) {
        this.dir = dir;
        this.server = server;
        this.port = port;
        this.password = password;
    }

    public static KafkaTestBroker start() {
        quietLogs();
        try {
            Path dir = Files.createTempDirectory("sbt-kafka-");
            int port = freePort();
            int controllerPort = freePort();
            String password = "adm" + UUID.randomUUID().toString().replace("-", "");
            format(dir, controllerPort, password);
            KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(config(dir, port, controllerPort, password), false), Time.SYSTEM);
            try {
                server.startup();
            } catch (RuntimeException e) {
                server.shutdown();
                deleteTree(dir);
                throw e;
            }
            KafkaTestBroker broker = new KafkaTestBroker(dir, server, port, password);
            broker.awaitReady();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrap() { return "127.0.0.1:" + port; }
    public String host() { return "127.0.0.1"; }
    public int port() { return port; }
    public String adminPassword() { return password; }

    /** The endpoint Switchboard would resolve for this broker (SASL_PLAINTEXT, SCRAM-SHA-256). */
    public TargetEndpoint endpoint() {
        return new TargetEndpoint("127.0.0.1", port, ADMIN, Secret.of(password), null,
                Map.of("securityProtocol", "SASL_PLAINTEXT", "saslMechanism", "SCRAM-SHA-256", "superUsers", SUPER_USERS));
    }

    /** A fresh admin client as the super user; the caller closes it. */
    public Admin admin() {
        return Admin.create(clientProperties(ADMIN, password, "SCRAM-SHA-256"));
    }

    /** Client properties for any SCRAM user of this broker. */
    public Properties clientProperties(String user, String pw, String mechanism) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put("security.protocol", "SASL_PLAINTEXT");
        p.put("sasl.mechanism", mechanism);
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + pw + "\";");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        return p;
    }

    public void createTopics(String... names) {
        try (Admin a = admin()) {
            a.createTopics(Stream.of(names).map(n -> new NewTopic(n, 1, (short) 1)).toList()).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("creating topics " + List.of(names), e);
        }
    }

    public void deleteTopics(String... names) {
        try (Admin a = admin()) {
            a.deleteTopics(List.of(names)).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("deleting topics " + List.of(names), e);
        }
    }

    /** The broker's listener answers and the admin's SCRAM credential is in the metadata. */
    private void awaitReady() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try (Admin a = admin()) {
                a.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                last = new IllegalStateException("test Kafka broker not ready", e);
                sleep();
            }
        }
        close();
        throw last == null ? new IllegalStateException("test Kafka broker not ready") : last;
    }

    private static void format(Path dir, int controllerPort, String password) {
        try {
            new Formatter().setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(1).setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(dir.resolve("data").toString()))
                    .setMetadataLogDirectory(dir.resolve("data").toString())
                    .setControllerListenerName("CONTROLLER")
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setScramArguments(List.of("SCRAM-SHA-256=[name=" + ADMIN + ",password=" + password + "]",
                            "SCRAM-SHA-512=[name=" + ADMIN + ",password=" + password + "]"))
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("formatting the test Kafka storage (controller port " + controllerPort + ")", e);
        }
    }

    private static Map<String, Object> config(Path dir, int port, int controllerPort, String password) {
        Map<String, Object> c = new HashMap<>();
        c.put("process.roles", "broker,controller");
        c.put("node.id", "1");
        c.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        c.put("controller.listener.names", "CONTROLLER");
        c.put("listeners", "SASL_PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        c.put("advertised.listeners", "SASL_PLAINTEXT://127.0.0.1:" + port);
        c.put("listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
        c.put("inter.broker.listener.name", "SASL_PLAINTEXT");
        c.put("sasl.enabled.mechanisms", "SCRAM-SHA-256,SCRAM-SHA-512");
        c.put("sasl.mechanism.inter.broker.protocol", "SCRAM-SHA-256");
        String jaas = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + ADMIN
                + "\" password=\"" + password + "\";";
        c.put("listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config", jaas);
        c.put("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config", jaas);
        c.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        c.put("super.users", SUPER_USERS);
        c.put("log.dirs", dir.resolve("data").toString());
        c.put("auto.create.topics.enable", "false");
        c.put("num.partitions", "1");
        c.put("default.replication.factor", "1");
        c.put("offsets.topic.replication.factor", "1");
        c.put("offsets.topic.num.partitions", "1");
        c.put("transaction.state.log.replication.factor", "1");
        c.put("transaction.state.log.min.isr", "1");
        c.put("transaction.state.log.num.partitions", "1");
        c.put("share.coordinator.state.topic.replication.factor", "1");
        c.put("share.coordinator.state.topic.min.isr", "1");
        c.put("share.coordinator.state.topic.num.partitions", "1");
        c.put("group.initial.rebalance.delay.ms", "0");
        c.put("num.network.threads", "1");
        c.put("num.io.threads", "1");
        c.put("background.threads", "2");
        c.put("num.recovery.threads.per.data.dir", "1");
        c.put("num.replica.fetchers", "1");
        c.put("log.cleaner.enable", "false");
        c.put("log.segment.bytes", String.valueOf(1024 * 1024));
        c.put("metadata.log.segment.bytes", String.valueOf(8 * 1024 * 1024));
        return c;
    }

    @Override
    public void close() {
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // the temp dir is best-effort clean-up only
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** slf4j-simple reads these once, when the first logger is made: Kafka's INFO chatter would fill the report files. */
    private static void quietLogs() {
        System.setProperty("org.slf4j.simpleLogger.log.kafka", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.state.change.logger", "warn");
    }
}
