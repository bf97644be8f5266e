package dev.switchboard.providers.postgres;

import dev.switchboard.core.failure.TerminalFailure;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostgresIdentifiersTest {

    @Test
    void identifiersAreQuotedWithDoubledQuotes() {
        assertThat(PgIdentifiers.quoteIdent("app")).isEqualTo("\"app\"");
        assertThat(PgIdentifiers.quoteIdent("a\"b")).isEqualTo("\"a\"\"b\"");
        assertThat(PgIdentifiers.quoteIdent("\"; drop role x; --")).isEqualTo("\"\"\"; drop role x; --\"");
    }

    @Test
    void literalsAreQuotedLikeQuoteLiteral() {
        assertThat(PgIdentifiers.quoteLiteral("it's")).isEqualTo("'it''s'");
        assertThat(PgIdentifiers.quoteLiteral("a\\'b")).isEqualTo("E'a\\\\''b'");
        assertThat(PgIdentifiers.quoteLiteral("$$")).isEqualTo("'$$'");
        assertThatThrownBy(() -> PgIdentifiers.quoteLiteral("a\0")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void loginNamesAreValidated() {
        assertThat(PgIdentifiers.requireLoginName("x".repeat(63))).hasSize(63);
        assertThat(PgIdentifiers.requireLoginName("é".repeat(31))).hasSize(31); // 62 bytes
        assertThat(PgIdentifiers.requireLoginName("PG_upper")).isEqualTo("PG_upper"); // the server reserves lower-case pg_ only
        for (String bad : new String[] {"", "x".repeat(64), "é".repeat(32), "a\0b", "pg_app", "public", "none", "a\uD800b"}) {
            assertThatThrownBy(() -> PgIdentifiers.requireLoginName(bad))
                    .isInstanceOfSatisfying(TerminalFailure.class, f -> {
                        assertThat(f.status()).isEqualTo(400);
                        assertThat(f.code()).isEqualTo("InvalidLoginName");
                        assertThat(f.target()).isEqualTo("authInfo.name");
                    });
        }
    }

    @Test
    void databaseNamesAreValidated() {
        assertThat(PgIdentifiers.requireDatabaseName("pg_allowed_for_databases")).isNotEmpty();
        assertThatThrownBy(() -> PgIdentifiers.requireDatabaseName("d".repeat(64)))
                .isInstanceOfSatisfying(TerminalFailure.class, f -> assertThat(f.code()).isEqualTo("InvalidDatabaseName"));
    }

    @Test
    void errorsAreScrubbed() {
        assertThat(PgErrors.scrub("password s3cret was wrong, s3cret!", java.util.List.of("s3cret", "")))
                .isEqualTo("password *** was wrong, ***!");
    }
}
