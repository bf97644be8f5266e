package dev.switchboard.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PgUrlTest {
    @Test
    void aJdbcUrlIsKeptWithTheCredentialsGivenApart() {
        assertThat(PgUrl.parse("jdbc:postgresql://db:5432/sb?sslmode=require", "sb", "pw"))
                .isEqualTo(new PgUrl("jdbc:postgresql://db:5432/sb?sslmode=require", "sb", "pw"));
    }

    @Test
    void aLibpqUriBecomesAJdbcUrlAndItsCredentials() {
        assertThat(PgUrl.parse("postgresql://sb:p%40ss:w+rd@db.internal:5433/switchboard?sslmode=require", null, null))
                .isEqualTo(new PgUrl("jdbc:postgresql://db.internal:5433/switchboard?sslmode=require", "sb", "p@ss:w+rd"));
        assertThat(PgUrl.parse("postgres://db/switchboard", null, null)).isEqualTo(new PgUrl("jdbc:postgresql://db/switchboard", null, null));
        assertThat(PgUrl.parse("postgresql://u@db/x", null, null)).isEqualTo(new PgUrl("jdbc:postgresql://db/x", "u", null));
        assertThat(PgUrl.parse("postgresql://u:p@db/x", "other", "secret")).as("given apart wins")
                .isEqualTo(new PgUrl("jdbc:postgresql://db/x", "other", "secret"));
    }

    @Test
    void thePasswordNeverShows() {
        assertThat(PgUrl.parse("postgresql://u:hunter2@db/x", null, null).toString()).doesNotContain("hunter2").contains("db/x");
        assertThatThrownBy(() -> PgUrl.parse("mysql://u:hunter2@db/x", null, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("postgresql://").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> PgUrl.parse(" ", null, null)).hasMessageContaining("missing");
    }

    @Test
    void anUnreachableServerFailsClearlyWithoutThePassword(@TempDir Path dir) {
        assertThatThrownBy(() -> SqlStore.postgres("postgresql://sb:hunter2@127.0.0.1:1/switchboard", null, null, dir.resolve("k")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot connect")
                .hasMessageContaining("127.0.0.1:1/switchboard").hasMessageNotContaining("hunter2");
        assertThat(dir.resolve("k")).as("no key made for a store never reached").doesNotExist();
    }
}
