package dev.switchboard.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.compute.AppObservation;
import dev.switchboard.core.id.ResourceId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Configuration delivery read by a real consumer, end to end through the API: the Spring Boot app of
 * {@code examples/spring-consumer} runs as a process of the local app host and prints whom it logged in as.
 * <ul>
 *   <li>{@code envapp}: one PostgreSQL connection with client type springBoot, delivered as environment variables,
 *   which Spring Boot reads as {@code spring.datasource.*};</li>
 *   <li>{@code bindapp}: PostgreSQL, Redis and RabbitMQ connections delivered ONLY as a servicebinding.io directory
 *   (plus a .NET connection string), which Spring Cloud Bindings maps to Spring Boot's properties.</li>
 * </ul>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeliveryConsumersTest {
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    static final String RG = "/subscriptions/" + TestServer.SUB + "/resourceGroups/dl-" + SUFFIX;
    static final String PG_DB = RG + "/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg/databases/sbt_" + SUFFIX;
    static final String REDIS = RG + "/providers/Microsoft.Cache/redis/cache";
    static final String RABBIT = RG + "/providers/Switchboard.Messaging/rabbitMQServers/rabbit";
    static final String VHOST = RABBIT + "/vhosts/sbt_" + SUFFIX;
    static final String ENV_APP = RG + "/providers/Microsoft.App/containerApps/envapp";
    static final String BIND_APP = RG + "/providers/Microsoft.App/containerApps/bindapp";
    static final String V = "?api-version=2024-04-01";
    static final String RV = "?api-version=2024-03-01";

    @TempDir
    static Path data;
    static TestServer sb;
    static final Map<String, String> LOGINS = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        sb = TestServer.start(data);
        put(RG, Map.of("location", "local"));
        put(PG_DB.substring(0, PG_DB.indexOf("/databases/")), Map.of("location", "local", "properties", Map.of()));
        put(PG_DB, Map.of("properties", Map.of()));
        put(REDIS, Map.of("location", "local", "properties", Map.of("hostName", "127.0.0.1", "port", 6379)));
        put(RABBIT, Map.of("location", "local", "properties", Map.of("host", "127.0.0.1", "port", 5672,
                "administratorLogin", "guest", "administratorLoginPassword", "guest")));
        put(VHOST, Map.of("properties", Map.of()));
        // The apps first run something idle, so creating the connections does not restart Spring four times.
        for (String app : List.of(ENV_APP, BIND_APP)) put(app, app(List.of("/bin/sleep", "600")));
        link(ENV_APP, "pgenv", PG_DB, "springBoot", List.of(), Map.of());
        link(BIND_APP, "pgbind", PG_DB, "none", List.of("serviceBinding", "connectionStrings"), Map.of());
        link(BIND_APP, "redisbind", REDIS, "none", List.of("serviceBinding"), Map.of("keyPattern", "sbt" + SUFFIX + ":*"));
        link(BIND_APP, "rabbitbind", VHOST, "none", List.of("serviceBinding"), Map.of());
        List<String> consumer = consumerCommand();
        for (String app : List.of(ENV_APP, BIND_APP)) put(app, app(consumer));
    }

    @AfterAll
    static void stop() throws Exception {
        if (sb == null) return;
        for (String linker : LOGINS.keySet()) {
            TestServer.Answer a = sb.call("DELETE", linker + V, null);
            if (a.status() == 202) sb.await(a);
        }
        sb.call("DELETE", RG + RV, null);
        sb.close();
        assertThat(LocalPostgres.rolesLike("sb_pgenv" + SUFFIX)).isEmpty();
        assertThat(LocalPostgres.rolesLike("sb_pgbind" + SUFFIX)).isEmpty();
        assertThat(LocalPostgres.databasesLike("sbt_" + SUFFIX)).isEmpty();
        try (Jedis j = new Jedis("127.0.0.1", 6379)) {
            assertThat(j.aclUsers()).noneMatch(u -> LOGINS.containsValue(u));
        }
    }

    @Test
    @Order(1)
    void springBootReadsTheEnvironmentNamesAndConnects() throws Exception {
        String log = awaitReady(ENV_APP);
        assertThat(log).contains("connected postgresql as " + LOGINS.get(linker(ENV_APP, "pgenv")) + " to sbt_" + SUFFIX);
        assertThat(env(ENV_APP)).containsKey("spring.datasource.url").doesNotContainKey("SERVICE_BINDING_ROOT");
    }

    @Test
    @Order(1)
    void springCloudBindingsReadsOnlyTheBindingDirectoryAndConnectsToEveryTarget() throws Exception {
        String log = awaitReady(BIND_APP);
        assertThat(log).contains("connected postgresql as " + LOGINS.get(linker(BIND_APP, "pgbind")) + " to sbt_" + SUFFIX,
                "connected redis as " + LOGINS.get(linker(BIND_APP, "redisbind")),
                "connected rabbitmq as " + LOGINS.get(linker(BIND_APP, "rabbitbind")) + " to sbt_" + SUFFIX);
        assertThat(log).doesNotContain("failed ");
        Map<String, String> env = env(BIND_APP);
        assertThat(env.keySet()).noneMatch(n -> n.startsWith("spring.") || n.startsWith("AZURE_") || n.startsWith("SWITCHBOARD_"));
        Path root = Path.of(env.get("SERVICE_BINDING_ROOT"));
        assertThat(root).isAbsolute().startsWith(sb.server().localAppHost().appDirectory(servingRevision(BIND_APP)));
        assertThat(Files.readString(root.resolve("pgbind" + SUFFIX + "/type"))).isEqualTo("postgresql");
        assertThat(Files.readString(root.resolve("redisbind" + SUFFIX + "/type"))).isEqualTo("redis");
        assertThat(Files.readString(root.resolve("rabbitbind" + SUFFIX + "/virtual-host"))).isEqualTo("sbt_" + SUFFIX);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("pgbind" + SUFFIX + "/password"))))
                .isEqualTo("rw-------");
        assertThat(env.get("ConnectionStrings__pgbind" + SUFFIX)).startsWith("Server=127.0.0.1;Database=sbt_" + SUFFIX + ";Port=5432;")
                .contains("User Id=" + LOGINS.get(linker(BIND_APP, "pgbind")) + ";Password=");
    }

    /**
     * The .NET-style string read as a .NET app reads it: the variable its configuration maps to
     * {@code ConnectionStrings:<name>}, parsed by an ADO.NET connection-string parser (@tediousjs/connection-string,
     * in {@code examples/connection-strings-consumer}), and used to log in with node-postgres. There is no .NET
     * runtime on this machine; this is the nearest real consumer of that grammar.
     */
    @Test
    @Order(2)
    void anAdoNetParserReadsTheConnectionStringAndLogsInWithIt() throws Exception {
        String name = "pgbind" + SUFFIX;
        Path consumer = Path.of(System.getProperty("switchboard.repoRoot"), "examples", "connection-strings-consumer");
        if (!Files.isDirectory(consumer.resolve("node_modules"))) {
            run(consumer, Map.of(), "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
        }
        String value = env(BIND_APP).get("ConnectionStrings__" + name);
        String out = run(consumer, Map.of("ConnectionStrings__" + name, value), "node", "consumer.mjs", name);
        assertThat(out.strip()).isEqualTo("connected sbt_" + SUFFIX + " as " + LOGINS.get(linker(BIND_APP, "pgbind")));
    }

    private static String run(Path dir, Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }

    @Test
    @Order(2)
    void listConfigurationsNamesTheBindingFilesAndTheConnectionString() {
        JsonNode configs = sb.call("POST", linker(BIND_APP, "pgbind") + "/listConfigurations" + V, null).body().path("configurations");
        String b = "SERVICE_BINDING_ROOT/pgbind" + SUFFIX + "/";
        assertThat(configs.findValuesAsText("name")).containsExactly(b + "type", b + "provider", b + "host", b + "port",
                b + "username", b + "password", b + "database", b + "sslmode", b + "jdbc-url", "ConnectionStrings__pgbind" + SUFFIX);
        assertThat(sb.call("GET", BIND_APP + RV, null).raw().body()).doesNotContain("SERVICE_BINDING_ROOT");
    }

    @Test
    @Order(3)
    void removingTheAppRemovesItsBindingFiles() throws Exception {
        Path appDir = sb.server().localAppHost().appDirectory(servingRevision(BIND_APP));
        assertThat(bindingDirs(appDir)).hasSize(1);
        for (String linker : List.copyOf(LOGINS.keySet())) {
            if (!linker.startsWith(BIND_APP)) continue;
            sb.await(sb.call("DELETE", linker + V, null));
            LOGINS.remove(linker);
        }
        assertThat(bindingDirs(appDir)).as("no connection delivers files any more").isEmpty();
        assertThat(sb.call("DELETE", BIND_APP + RV, null).status()).isBetween(200, 204);
        assertThat(bindingDirs(appDir)).isEmpty();
    }

    private static List<Path> bindingDirs(Path appDir) throws Exception {
        try (Stream<Path> list = Files.list(appDir)) {
            return list.filter(p -> p.getFileName().toString().startsWith("bindings-")).toList();
        }
    }

    /** The consumer as a process: this JVM's java, the module's classes and its runtime classpath, bindings on. */
    private static List<String> consumerCommand() throws Exception {
        Path module = Path.of(System.getProperty("switchboard.repoRoot"), "examples/spring-consumer/target");
        String classpath = module.resolve("classes") + ":" + Files.readString(module.resolve("runtime-classpath.txt")).strip();
        return List.of(ProcessHandle.current().info().command().orElseThrow(), "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-Dorg.springframework.cloud.bindings.boot.enable=true", "-cp", classpath,
                "dev.switchboard.examples.spring.ConsumerApp");
    }

    private static Map<String, Object> app(List<String> command) {
        return Map.of("location", "local", "properties", Map.of("template", Map.of("containers",
                List.of(Map.of("name", "main", "command", command)))));
    }

    private static String linker(String app, String name) {
        return app + "/providers/Microsoft.ServiceLinker/linkers/" + name + SUFFIX;
    }

    private static void link(String app, String name, String target, String clientType, List<String> delivery,
                             Map<String, Object> access) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("targetService", Map.of("type", "AzureResource", "id", target));
        props.put("authInfo", Map.of("authType", "secret"));
        props.put("clientType", clientType);
        if (!delivery.isEmpty()) props.put("configurationInfo", Map.of("delivery", delivery));
        if (!access.isEmpty()) props.put("access", access);
        String id = linker(app, name);
        TestServer.Answer put = sb.call("PUT", id + V, Map.of("properties", props));
        assertThat(put.status()).as(put.raw().body()).isEqualTo(201);
        JsonNode done = sb.await(put);
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("Succeeded");
        LOGINS.put(id, sb.call("GET", id + V, null).body().at("/properties/authInfo/name").asText());
    }

    private static void put(String id, Map<String, Object> body) {
        TestServer.Answer a = sb.call("PUT", id + RV, body);
        assertThat(a.status()).as(id + " " + a.raw().body()).isBetween(200, 201);
    }

    private static Map<String, String> env(String app) {
        return sb.server().apps().observe(ResourceId.parse(app)).map(AppObservation::primary).orElseThrow().liveEnvironment();
    }

    /** The app's log once the consumer has reported (Spring Boot starts slowly on a busy machine). */
    private static String awaitReady(String app) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 150_000;
        String log = "";
        while (System.currentTimeMillis() < deadline) {
            log = String.join("\n", sb.server().localAppHost().tail(servingRevision(app), 400));
            if (log.contains("consumer ready")) return log;
            Thread.sleep(500);
        }
        throw new AssertionError("the consumer never got ready; its log:\n" + log);
    }

    /** A container app's processes run as its revisions: the one that serves now. */
    private static ResourceId servingRevision(String app) {
        return sb.server().apps().serving(ResourceId.parse(app)).orElseThrow().id();
    }
}
