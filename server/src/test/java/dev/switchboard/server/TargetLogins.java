package dev.switchboard.server;

import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.target.AccessScope;
import dev.switchboard.core.target.TargetEndpoint;
import dev.switchboard.core.target.TargetStep;
import dev.switchboard.providers.nats.NatsProvider;
import dev.switchboard.providers.kafka.KafkaTestBroker;
import dev.switchboard.providers.mqtt.MosquittoDynsec;
import dev.switchboard.providers.mqtt.MqttProvider;
import dev.switchboard.providers.nats.NatsTestServer;
import redis.clients.jedis.Jedis;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * Asking each kind of target itself (not Switchboard) who can log in, and changing its users by hand, as an
 * operator would: the API tests use these to see what is really left on a target.
 */
final class TargetLogins {
    private TargetLogins() { }

    /** Removes a login on the target by hand, behind Switchboard's back. */
    interface Removal {
        void remove(String login) throws Exception;
    }

    /** Whether a login exists on a target, as the target itself says. */
    interface LoginCheck {
        boolean exists(String login) throws Exception;
    }

    static boolean mysqlUser(String login) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/", "root", "");
             var s = c.prepareStatement("select count(*) from mysql.user where user = ?")) {
            s.setString(1, login);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        }
    }

    static void mysql(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/", "root", "");
             var s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static void dropMysqlUser(String login) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/", "root", "");
             var s = c.prepareStatement("select host from mysql.user where user = ?")) {
            s.setString(1, login);
            List<String> hosts = new java.util.ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) hosts.add(rs.getString(1));
            }
            for (String host : hosts) c.createStatement().execute("DROP USER '" + login + "'@'" + host + "'");
        }
    }

    static boolean redisUser(String login) {
        try (Jedis j = new Jedis("127.0.0.1", 6379)) {
            return j.aclUsers().contains(login);
        }
    }

    static Jedis redis() {
        return new Jedis("127.0.0.1", 6379);
    }

    static boolean rabbitUser(String login) throws Exception {
        return rabbit("GET", "/api/users", null).replace(" ", "").contains("\"name\":\"" + login + "\"");
    }

    /** A call to the machine's RabbitMQ management API as guest; returns the body. */
    static String rabbit(String method, String path, String json) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:15672" + path)).header("Authorization",
                "Basic " + Base64.getEncoder().encodeToString("guest:guest".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            return client.send(req.build(), HttpResponse.BodyHandlers.ofString()).body();
        }
    }

    static LoginCheck mqtt(MosquittoDynsec broker, List<String> topics) {
        MqttProvider observer = new MqttProvider(Duration.ofSeconds(5));
        TargetEndpoint admin = new TargetEndpoint(broker.host(), broker.port(), broker.admin(), Secret.of(broker.password()), "");
        return login -> observer.observe(admin, login, new AccessScope.Subjects(topics, topics)).exists();
    }

    static LoginCheck nats(NatsTestServer nats) {
        return login -> Files.readString(nats.authorizationFile()).contains("\"" + login + "\"");
    }

    /** Through the dynamic-security plugin, as {@code mosquitto_ctrl dynsec deleteClient} would (the provider speaks it). */
    static Removal dropMqttClient(MosquittoDynsec broker) {
        TargetEndpoint admin = new TargetEndpoint(broker.host(), broker.port(), broker.admin(), Secret.of(broker.password()), "");
        return login -> new MqttProvider(Duration.ofSeconds(5)).revert(admin, new TargetStep.EnsureLogin(login, Secret.of("")));
    }

    /** The user taken out of the authorization file and the server reloaded (the provider does exactly that). */
    static Removal dropNatsUser(NatsTestServer nats) {
        return login -> new NatsProvider(Duration.ofSeconds(5)).revert(nats.endpoint(), new TargetStep.EnsureLogin(login, Secret.of("")));
    }

    static Removal dropKafkaUser(KafkaTestBroker kafka) {
        return login -> {
            try (var admin = kafka.admin()) {
                var mechanisms = admin.describeUserScramCredentials(List.of(login)).all().get().get(login).credentialInfos();
                admin.alterUserScramCredentials(mechanisms.stream().<org.apache.kafka.clients.admin.UserScramCredentialAlteration>map(
                        m -> new org.apache.kafka.clients.admin.UserScramCredentialDeletion(login, m.mechanism())).toList()).all().get();
            }
        };
    }

    static void setKafkaPassword(KafkaTestBroker kafka, String user, String password) throws Exception {
        try (var admin = kafka.admin()) {
            var info = new org.apache.kafka.clients.admin.ScramCredentialInfo(org.apache.kafka.clients.admin.ScramMechanism.SCRAM_SHA_256, 4096);
            admin.alterUserScramCredentials(List.of(new org.apache.kafka.clients.admin.UserScramCredentialUpsertion(user, info, password)))
                    .all().get();
        }
    }

    static LoginCheck kafka(KafkaTestBroker kafka) {
        return login -> {
            try (var admin = kafka.admin()) {
                return admin.describeUserScramCredentials().all().get().containsKey(login);
            }
        };
    }

    /**
     * A dedicated superuser on a private cluster. PostgreSQL lets a session outlive its role's password change, so
     * setting a password also ends the role's open sessions (as an operator rotating a leaked password does): the next
     * administrator session must log in with the password the cluster now holds.
     */
    static TargetFaultsTest.Admin postgresAdmin(PrivatePostgres pg) {
        return new TargetFaultsTest.Admin() {
            public void set(String a, String pw) throws Exception {
                String role = ApiChecks.quote(a);
                pg.execute("postgres", (pg.roleExists(a) ? "ALTER ROLE " + role : "CREATE ROLE " + role + " SUPERUSER LOGIN")
                        + " PASSWORD '" + pw + "'");
                pg.execute("postgres", "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + a + "'");
            }
            public void drop(String a) throws Exception {
                pg.execute("postgres", "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + a + "'");
                pg.execute("postgres", "DROP ROLE IF EXISTS " + ApiChecks.quote(a));
            }
        };
    }

    /** A dynsec client with the {@code admin} role {@code mosquitto_ctrl dynsec init} makes, managed with mosquitto_ctrl. */
    static TargetFaultsTest.Admin mqttAdmin(MosquittoDynsec broker) {
        return new TargetFaultsTest.Admin() {
            public void set(String a, String pw) throws Exception {
                if (!dynsec(broker, "getClient", a).contains("Username:")) {
                    dynsec(broker, "createClient", a, "-p", pw);
                    dynsec(broker, "addClientRole", a, "admin");
                }
                dynsec(broker, "setClientPassword", a, pw);
            }
            public void drop(String a) throws Exception { dynsec(broker, "deleteClient", a); }
        };
    }

    private static String dynsec(MosquittoDynsec broker, String... command) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of("mosquitto_ctrl", "-h", broker.host(), "-p", Integer.toString(broker.port()),
                "-u", broker.admin(), "-P", broker.password(), "dynsec"));
        argv.addAll(List.of(command));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    /**
     * The administrator of a private nats-server: registration writes it into the empty authorization file (the
     * provider takes the file over); changing its password is editing its line, as an operator would (NATS compares
     * a password that is not a bcrypt hash as it is), and reloading. Returns once the server holds the new one.
     */
    static TargetFaultsTest.Admin natsAdmin(NatsTestServer nats) {
        return new TargetFaultsTest.Admin() {
            public void set(String a, String pw) throws Exception {
                String text = Files.readString(nats.authorizationFile());
                if (text.isBlank()) return;
                java.util.regex.Matcher line = java.util.regex.Pattern.compile("(\\{user: \"" + a + "\", password: \")[^\"]*\"").matcher(text);
                if (!line.find()) throw new AssertionError("no administrator line in " + text);
                Files.writeString(nats.authorizationFile(), line.replaceFirst("$1" + java.util.regex.Matcher.quoteReplacement(pw) + "\""));
                new ProcessBuilder("kill", "-HUP", Long.toString(nats.pid())).start().waitFor();
                awaitNatsAdmin(nats, a, pw);
            }
            public void drop(String a) { }
        };
    }

    private static void awaitNatsAdmin(NatsTestServer nats, String admin, String password) {
        TargetEndpoint endpoint = new TargetEndpoint(nats.host(), nats.port(), admin, Secret.of(password), null,
                nats.endpoint().options());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try {
                new NatsProvider(Duration.ofSeconds(5)).checkAdmin(endpoint);
                return;
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) throw e;
                TestServer.sleep(50);
            }
        }
    }
}
