package dev.switchboard.examples.health;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PgEnvTest {

    private static PgConnection only(Map<String, String> env) {
        List<PgConnection> all = PgEnv.fromEnv(env);
        assertThat(all).hasSize(1);
        return all.getFirst();
    }

    @Test
    void jdbcUrlAsWrittenForJava() {
        PgConnection c = only(Map.of("AZURE_POSTGRESQL_CONNECTIONSTRING",
                "jdbc:postgresql://srv.postgres.database.azure.com:5433/orders?sslmode=require&user=app&password=p%40ss%26word"));
        assertThat(c).extracting(PgConnection::name, PgConnection::shape, PgConnection::host, PgConnection::port,
                        PgConnection::database, PgConnection::user, PgConnection::password, PgConnection::sslMode)
                .containsExactly("default", "jdbc", "srv.postgres.database.azure.com", 5433, "orders", "app", "p@ss&word", "require");
        assertThat(c.jdbcUrl()).isEqualTo("jdbc:postgresql://srv.postgres.database.azure.com:5433/orders");
    }

    @Test
    void jdbcUrlDefaultsAndIpv6() {
        var kv = PgEnv.parseJdbcUrl("jdbc:postgresql://[::1]/db");
        assertThat(kv).containsEntry("host", "::1").containsEntry("dbname", "db").doesNotContainKey("port");
        PgConnection c = PgEnv.fromConnectionString("default", "jdbc:postgresql://h/db");
        assertThat(c.port()).isEqualTo(5432);
        assertThat(c.sslMode()).isEqualTo("prefer");
        assertThat(new PgConnection("x", "jdbc", "::1", 5432, "db", null, null, "prefer", null).jdbcUrl())
                .isEqualTo("jdbc:postgresql://[::1]:5432/db");
    }

    @Test
    void libpqAsWrittenForPythonGoPhpRuby() {
        for (String cs : List.of(
                "dbname=orders host=srv port=5432 sslmode=require user=app password=secret", // python
                "host=srv dbname=orders sslmode=require user=app password=secret",            // go (no port)
                "host=srv port=5432 dbname=orders sslmode=require user=app password=secret")) { // php, ruby
            PgConnection c = only(Map.of("AZURE_POSTGRESQL_CONNECTIONSTRING", cs));
            assertThat(c).extracting(PgConnection::shape, PgConnection::host, PgConnection::port, PgConnection::database,
                            PgConnection::user, PgConnection::password, PgConnection::sslMode)
                    .containsExactly("libpq", "srv", 5432, "orders", "app", "secret", "require");
        }
    }

    @Test
    void libpqQuotingAndEscapes() {
        var kv = PgEnv.parseLibpq("  host = srv  password='it\\'s a \\\\ secret' dbname='' user=a\\ b application_name='x=y'");
        assertThat(kv).containsEntry("host", "srv")
                .containsEntry("password", "it's a \\ secret")
                .containsEntry("dbname", "")
                .containsEntry("user", "a b")
                .containsEntry("application_name", "x=y");
    }

    @Test
    void libpqErrorsDoNotQuoteTheValue() {
        PgConnection c = PgEnv.fromConnectionString("default", "host=srv password='topsecret");
        assertThat(c.configError()).contains("unterminated").doesNotContain("topsecret");
        assertThat(PgEnv.fromConnectionString("default", "host").configError()).contains("missing");
    }

    @Test
    void dotnetAsWrittenForDotnet() {
        PgConnection c = only(Map.of("AZURE_POSTGRESQL_CONNECTIONSTRING",
                "Server=srv.postgres.database.azure.com;Database=orders;Port=5432;Ssl Mode=Require;User Id=app;Password=secret;"));
        assertThat(c).extracting(PgConnection::shape, PgConnection::host, PgConnection::port, PgConnection::database,
                        PgConnection::user, PgConnection::password, PgConnection::sslMode)
                .containsExactly("dotnet", "srv.postgres.database.azure.com", 5432, "orders", "app", "secret", "require");
        // the reference example of the secret section omits the password
        assertThat(PgEnv.fromConnectionString("d", "Server=s;Database=d;Port=5432;Ssl Mode=Require;User Id=u;").password()).isNull();
    }

    @Test
    void dotnetQuotingAndKeyVariants() {
        var kv = PgEnv.parseDotnet(" host = srv ; DATABASE=\"my;db\" ; username='o''neil';PASSWORD=\"a\"\"b;c\";SslMode=VerifyFull;Pooling=true");
        assertThat(kv).containsEntry("host", "srv").containsEntry("dbname", "my;db").containsEntry("user", "o'neil")
                .containsEntry("password", "a\"b;c").containsEntry("sslmode", "verify-full").doesNotContainKey("pooling");
        assertThat(PgEnv.fromConnectionString("d", "Server=s;Password=\"secret").configError())
                .contains("unterminated").doesNotContain("secret\"");
    }

    @Test
    void splitNamesForNoneAndNodejs() {
        PgConnection none = only(Map.of("AZURE_POSTGRESQL_HOST", "srv", "AZURE_POSTGRESQL_PORT", "6543",
                "AZURE_POSTGRESQL_DATABASE", "orders", "AZURE_POSTGRESQL_USERNAME", "app",
                "AZURE_POSTGRESQL_PASSWORD", "secret", "AZURE_POSTGRESQL_SSL", "true"));
        assertThat(none).extracting(PgConnection::shape, PgConnection::host, PgConnection::port, PgConnection::database,
                        PgConnection::user, PgConnection::password, PgConnection::sslMode)
                .containsExactly("split", "srv", 6543, "orders", "app", "secret", "require");
        PgConnection node = only(Map.of("AZURE_POSTGRESQL_HOST", "srv", "AZURE_POSTGRESQL_USER", "app",
                "AZURE_POSTGRESQL_DATABASE", "orders", "AZURE_POSTGRESQL_SSL", "false"));
        assertThat(node.user()).isEqualTo("app");
        assertThat(node.sslMode()).isEqualTo("disable");
        assertThat(node.port()).isEqualTo(5432);
    }

    @Test
    void djangoNames() {
        PgConnection c = only(Map.of("AZURE_POSTGRESQL_NAME", "orders", "AZURE_POSTGRESQL_HOST", "srv",
                "AZURE_POSTGRESQL_USER", "app", "AZURE_POSTGRESQL_PASSWORD", "secret"));
        assertThat(c).extracting(PgConnection::shape, PgConnection::database, PgConnection::user, PgConnection::password, PgConnection::sslMode)
                .containsExactly("django", "orders", "app", "secret", "prefer");
    }

    @Test
    void springProperties() {
        PgConnection c = only(Map.of("spring.datasource.url", "jdbc:postgresql://srv:5432/orders?sslmode=require",
                "spring.datasource.username", "app", "spring.datasource.password", "secret"));
        assertThat(c).extracting(PgConnection::name, PgConnection::shape, PgConnection::database, PgConnection::user, PgConnection::password)
                .containsExactly("default", "spring", "orders", "app", "secret");
        PgConnection relaxed = only(Map.of("SPRING_DATASOURCE_URL", "jdbc:postgresql://srv/orders", "SPRING_DATASOURCE_USERNAME", "app"));
        assertThat(relaxed.user()).isEqualTo("app");
    }

    @Test
    void infixGroupsEachConnectionSeparately() {
        List<PgConnection> all = PgEnv.fromEnv(Map.of(
                "AZURE_POSTGRESQL_ORDERS_CONNECTIONSTRING", "host=o dbname=orders user=ou password=op",
                "AZURE_POSTGRESQL_HOST", "d", "AZURE_POSTGRESQL_DATABASE", "main", "AZURE_POSTGRESQL_USER", "du",
                "AZURE_POSTGRESQL_PASSWORD", "dp",
                "AZURE_POSTGRESQL_BILLING_DB_HOST", "b", "AZURE_POSTGRESQL_BILLING_DB_USERNAME", "bu",
                "AZURE_POSTGRESQL_BILLING_DB_DATABASE", "billing", "AZURE_POSTGRESQL_BILLING_DB_PASSWORD", "bp",
                "spring.datasource.url", "jdbc:postgresql://s/sdb"));
        assertThat(all).extracting(PgConnection::name, PgConnection::shape, PgConnection::host, PgConnection::user, PgConnection::password)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("default", "split", "d", "du", "dp"),
                        org.assertj.core.groups.Tuple.tuple("billing_db", "split", "b", "bu", "bp"),
                        org.assertj.core.groups.Tuple.tuple("orders", "libpq", "o", "ou", "op"),
                        org.assertj.core.groups.Tuple.tuple("spring", "spring", "s", null, null));
    }

    @Test
    void irrelevantEnvIsIgnored() {
        assertThat(PgEnv.fromEnv(Map.of("PATH", "/usr/bin", "AZURE_POSTGRESQL_CLIENTID", "x",
                "AZURE_POSTGRESQL_X_PASSWORD", "only-a-password", "AZURE_REDIS_HOST", "r", "PORT", "8080"))).isEmpty();
    }

    @Test
    void passwordNeverInToStringOrJson() {
        PgConnection c = PgEnv.fromConnectionString("default", "host=h user=u password=hunter22");
        assertThat(c.toString()).doesNotContain("hunter22");
        String json = new HealthApp.Health(List.of(new HealthApp.Check(c,
                HealthApp.redact("FATAL: bad password \"hunter22\" for u", c.password())))).json();
        assertThat(json).doesNotContain("hunter22")
                .isEqualTo("{\"status\":\"degraded\",\"connections\":[{\"name\":\"default\",\"shape\":\"libpq\","
                        + "\"database\":null,\"user\":\"u\",\"status\":\"failed\",\"error\":\"FATAL: bad password \\\"***\\\" for u\"}]}");
        assertThat(new HealthApp.Health(List.of()).json()).isEqualTo("{\"status\":\"no-connections\",\"connections\":[]}");
    }
}
