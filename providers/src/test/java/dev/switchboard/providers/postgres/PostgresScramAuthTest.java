package dev.switchboard.providers.postgres;

import dev.switchboard.core.target.AccessScope;
import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.linker.ValidationItem;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.target.ApplyResult;
import dev.switchboard.core.target.TargetEndpoint;
import dev.switchboard.core.target.TargetStep.EnsureLogin;
import dev.switchboard.core.target.TargetStep.GrantAccess;
import dev.switchboard.providers.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import static dev.switchboard.providers.postgres.PgTestSupport.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Password authentication for real: the machine's PostgreSQL trusts loopback, so these run against an embedded
 * server whose superuser logs in with a password (SCRAM-SHA-256).
 */
class PostgresScramAuthTest {
    private static final String SUPERUSER = "sb_admin";
    private static final String SUPERUSER_PASSWORD = "admin-'pw\"-" + PgTestSupport.prefix();
    private static final PostgresProvider provider = new PostgresProvider(Duration.ofSeconds(5));

    @TempDir
    static Path baseDir;
    private static EmbeddedPostgres server;
    private static TargetEndpoint admin;

    @BeforeAll
    static void start() throws Exception {
        server = EmbeddedPostgres.start(baseDir, PgTestSupport.closedPort(), SUPERUSER, SUPERUSER_PASSWORD);
        admin = new TargetEndpoint(server.host(), server.port(), SUPERUSER, Secret.of(SUPERUSER_PASSWORD), "postgres");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.destroy();
    }

    @Test
    void aRefusedAdministratorLoginIsTerminal() {
        String wrong = "wrong-admin-password-" + PgTestSupport.prefix();
        TargetEndpoint bad = new TargetEndpoint(server.host(), server.port(), SUPERUSER, Secret.of(wrong), "postgres");
        TerminalFailure f = catchThrowableOfType(TerminalFailure.class, () -> provider.checkAdmin(bad));
        assertThat(f).isNotNull();
        assertThat(f.status()).isEqualTo(400);
        assertThat(f.code()).isEqualTo("TargetAuthenticationFailed");
        assertThat(f.target()).isEqualTo("properties.administratorLogin");
        assertThat(f.getMessage()).doesNotContain(wrong);
        provider.checkAdmin(admin);
    }

    @Test
    void validationTellsAWrongPasswordWithoutShowingIt() {
        String login = "app_validate";
        Secret password = Secret.of("right-" + PgTestSupport.prefix());
        provider.apply(admin, new EnsureLogin(login, password));
        provider.apply(admin, new GrantAccess(login, new AccessScope.Database("postgres", "public")));
        try {
            assertThat(provider.validate(admin, new AccessScope.Database("postgres", "public"), login, password)).allMatch(ValidationItem::passed);
            String wrong = "wr'ong\\-" + PgTestSupport.prefix();
            List<ValidationItem> items = provider.validate(admin, new AccessScope.Database("postgres", "public"), login, Secret.of(wrong));
            assertThat(items).extracting(ValidationItem::name).containsExactly("TargetReachable", "CredentialsLogIn", "CanQuery");
            assertThat(items.get(0).passed()).isTrue();
            assertThat(items.get(1).passed()).isFalse();
            assertThat(items.get(1).errorCode()).isEqualTo("AuthenticationFailed");
            assertThat(items.get(2).errorCode()).isEqualTo("Skipped");
            assertThat(items).allSatisfy(i -> assertThat(String.valueOf(i.errorMessage()))
                    .doesNotContain(wrong).doesNotContain(password.reveal()).doesNotContain(SUPERUSER_PASSWORD));
        } finally {
            provider.revert(admin, new GrantAccess(login, new AccessScope.Database("postgres", "public")));
            provider.revert(admin, new EnsureLogin(login, password));
        }
    }

    /** The verifier computed by the provider accepts exactly the password pgjdbc sends, however hostile. */
    @Test
    void hostilePasswordsLogIn() throws SQLException {
        String login = "app_hostile \"'";
        List<String> passwords = List.of("it's \"quoted\"; --", "back\\slash\\\\", "$$dollar$q$", "tab\tand\u0007bell",
                "caf\u00E9 e\u0301 \uFB01 \uFF21 \u2168", "nb\u00A0sp soft\u00ADhyphen", "\uD83D\uDC68\u200D\uD83D\uDC69 \uFE0F",
                "\u05E9\u05DC\u05D5\u05DD", "\u0645\u0631\u062D\u0628\u0627 abc", "日本語のパスワード", "x".repeat(200));
        try {
            for (String password : passwords) {
                assertThat(provider.apply(admin, new EnsureLogin(login, Secret.of(password))))
                        .isIn(ApplyResult.CREATED, ApplyResult.UPDATED);
                try (Connection c = PgTestSupport.connect(server.host(), server.port(), login, password, "postgres")) {
                    assertThat(one(c, "select current_user")).as(password).isEqualTo(login);
                }
                SQLException refused = catchThrowableOfType(SQLException.class,
                        () -> PgTestSupport.connect(server.host(), server.port(), login, password + "x", "postgres").close());
                assertThat((Throwable) refused).as(password).isNotNull();
                assertThat(refused.getSQLState()).isEqualTo("28P01");
            }
        } finally {
            provider.revert(admin, new EnsureLogin(login, Secret.of("unused")));
        }
    }
}
