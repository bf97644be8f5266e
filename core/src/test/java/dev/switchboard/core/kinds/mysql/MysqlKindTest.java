package dev.switchboard.core.kinds.mysql;

import dev.switchboard.core.config.ConfigItem;
import dev.switchboard.core.config.ConnectionFacts;
import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.linker.ClientType;
import dev.switchboard.core.target.AccessScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class MysqlKindTest {
    private static final MysqlKind KIND = new MysqlKind();
    private static final String SERVER = "/subscriptions/s/resourceGroups/g/providers/Microsoft.DBforMySQL/flexibleServers/srv";

    @Test
    void factsOfTheKind() {
        assertThat(KIND.name()).isEqualTo("mysql");
        assertThat(KIND.serverTypes()).containsExactly("microsoft.dbformysql/flexibleservers", "microsoft.dbformysql/servers");
        assertThat(KIND.childType()).contains("databases");
        assertThat(KIND.hostProperty()).isEqualTo("fullyQualifiedDomainName");
        assertThat(KIND.defaultPort()).isEqualTo(3306);
        assertThat(KIND.endpointOptions()).containsExactly("sslMode");
        assertThat(KIND.configPrefix()).isEqualTo("AZURE_MYSQL_");
        assertThat(KIND.clientTypes()).containsExactly(ClientType.values());
        assertThat(KIND.isTarget(ResourceId.parse(SERVER + "/databases/app"))).isTrue();
        assertThat(KIND.isTarget(ResourceId.parse(SERVER.replace("flexibleServers", "servers") + "/databases/app"))).isTrue();
        assertThat(KIND.isTarget(ResourceId.parse(SERVER))).isFalse();
        assertThat(KIND.isServer(ResourceId.parse(SERVER))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "app_user", "_x", "sb_conn_k3x9q2ab", "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"})
    void goodLogins(String login) {
        KIND.checkLogin(login);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1abc", "a-b", "a b", "a'b", "a`b", "a\\b", "a%", "a@b", "a:b", "é", "a\0b",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456", "root", "Root", "mysql", "azure_superuser", "public"})
    void badLoginsAre400(String login) {
        TerminalFailure f = catchThrowableOfType(TerminalFailure.class, () -> KIND.checkLogin(login));
        assertThat(f).as(login).isNotNull();
        assertThat(f.status()).isEqualTo(400);
        assertThat(f.code()).isEqualTo("InvalidLoginName");
        assertThat(f.target()).isEqualTo("properties.authInfo.name");
    }

    @Test
    void scopeIsTheWholeDatabaseAndAccessFieldsAreRefused() {
        ResourceId target = ResourceId.parse(SERVER + "/databases/app-db_1");
        assertThat(KIND.scope(target, Map.of(), "conn")).isEqualTo(new AccessScope.Database("app-db_1", null));
        TerminalFailure f = catchThrowableOfType(TerminalFailure.class, () -> KIND.scope(target, Map.of("schema", "public"), "conn"));
        assertThat(f.status()).isEqualTo(400);
        assertThat(f.target()).isEqualTo("properties.access.schema");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql", "SYS", "information_schema", "performance_schema", "a.b", "a b", "a'b", "a`b", "a/b"})
    void badDatabasesAre400(String database) {
        TerminalFailure f = catchThrowableOfType(TerminalFailure.class, () -> MysqlKind.checkDatabase(database));
        assertThat(f).as(database).isNotNull();
        assertThat(f.code()).isEqualTo("InvalidDatabaseName");
    }

    @Test
    void aDatabaseNameMustFitSixtyFourCharactersAsAGrantStoresIt() {
        // A grant escapes '_' as "\\_", and mysql.db keeps the escaped name in 64 characters.
        MysqlKind.checkDatabase("_".repeat(32));
        MysqlKind.checkDatabase("a".repeat(64));
        for (String tooLong : List.of("_".repeat(33), "a".repeat(63) + "_", "a".repeat(65))) {
            TerminalFailure f = catchThrowableOfType(TerminalFailure.class, () -> MysqlKind.checkDatabase(tooLong));
            assertThat(f).as(tooLong).isNotNull();
            assertThat(f.code()).isEqualTo("InvalidDatabaseName");
        }
    }

    @Test
    void sslModeDefaultsToPreferredAndIsNormalised() {
        assertThat(MysqlKind.sslMode(null)).isEqualTo("preferred");
        assertThat(MysqlKind.sslMode("VERIFY-CA")).isEqualTo("verify_ca");
        assertThat(MysqlKind.sslMode(" Required ")).isEqualTo("required");
        assertThat(catchThrowableOfType(TerminalFailure.class, () -> MysqlKind.sslMode("require")).target()).isEqualTo("properties.sslMode");
        ConnectionFacts facts = new ConnectionFacts("h", 3306, "u", new AccessScope.Database("db", null), Map.of());
        assertThat(KIND.configuration(ClientType.JAVA, facts, "")).extracting(ConfigItem::template)
                .singleElement().asString().startsWith("jdbc:mysql://h:3306/db?sslmode=preferred&user=u&password=");
    }
}
