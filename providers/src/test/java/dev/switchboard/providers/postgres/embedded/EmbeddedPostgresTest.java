package dev.switchboard.providers.postgres.embedded;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedPostgresTest {

    private static final String PASSWORD = "pw-" + UUID.randomUUID();

    @Test
    void scramLoginWorksWrongPasswordIsRejectedAndCloseStops(@TempDir Path tmp) throws Exception {
        // @TempDir is mode 700: as root this exercises the move to /var/tmp
        Path base = tmp.resolve("pg");
        EmbeddedPostgres pg = EmbeddedPostgres.start(base, 0, "sb_admin", PASSWORD);
        try {
            assertThat(pg.host()).isEqualTo("127.0.0.1");
            assertThat(pg.superuser()).isEqualTo("sb_admin");
            assertThat(pg.jdbcUrl("postgres")).isEqualTo("jdbc:postgresql://127.0.0.1:" + pg.port() + "/postgres");
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres"), "sb_admin", PASSWORD);
                 Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select version()")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).startsWith("PostgreSQL " + pg.version().split("\\.")[0]);
            }
            assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrl("postgres"), "sb_admin", "wrong-" + PASSWORD).close())
                    .isInstanceOf(SQLException.class)
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("28P01");
            assertThat(Files.readString(base.resolve("postgres.log"))).contains("initdb").doesNotContain(PASSWORD);
        } finally {
            pg.close();
            cleanUpRelocated(pg, base);
        }
        assertThat(accepts(pg.port())).isFalse();
        pg.close(); // idempotent
    }

    @Test
    void restartReusesTheDataDirAndConcurrentStartsAdoptTheRunningServer() throws Exception {
        Path base = Files.createTempDirectory("sbpg-test-");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x")); // usable in place, even as root
        EmbeddedPostgres a = null, b = null;
        try {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<EmbeddedPostgres> fa = pool.submit(() -> EmbeddedPostgres.start(base, 0, "postgres", PASSWORD));
                Future<EmbeddedPostgres> fb = pool.submit(() -> EmbeddedPostgres.start(base, 0, "postgres", PASSWORD));
                a = fa.get();
                b = fb.get();
            } finally {
                pool.shutdown();
            }
            assertThat(a.dataDir()).startsWith(base);
            assertThat(b.port()).isEqualTo(a.port());
            assertThat(a.adopted() ^ b.adopted()).as("exactly one instance started the server").isTrue();
            try (Connection c = DriverManager.getConnection(a.jdbcUrl("postgres"), "postgres", PASSWORD);
                 Statement st = c.createStatement()) {
                st.execute("create table kept (v text)");
                st.execute("insert into kept values ('still here')");
            }
            b.close();
            a.close(); // already stopped by b: nothing to do
            assertThat(accepts(a.port())).isFalse();

            try (EmbeddedPostgres again = EmbeddedPostgres.start(base, 0, "postgres", PASSWORD)) {
                assertThat(again.adopted()).isFalse();
                try (Connection c = DriverManager.getConnection(again.jdbcUrl("postgres"), "postgres", PASSWORD);
                     Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select v from kept")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("still here");
                }
            }
        } finally {
            if (a != null) a.close();
            if (b != null) b.close();
            Binaries.deleteTree(base);
        }
    }

    @Test
    void rootRelocationIsStablePerBaseDir() throws IOException {
        assertThat(EmbeddedPostgres.relocatedRoot(Path.of("/root/.switchboard/pg")))
                .isEqualTo(EmbeddedPostgres.relocatedRoot(Path.of("/root/.switchboard/pg")))
                .isNotEqualTo(EmbeddedPostgres.relocatedRoot(Path.of("/root/other/pg")))
                .startsWithRaw(Path.of("/var/tmp"));
        assertThat(EmbeddedPostgres.traversableByOthers(Path.of("/"))).isTrue();
    }

    private static void cleanUpRelocated(EmbeddedPostgres pg, Path base) throws IOException {
        if (!pg.dataDir().startsWith(base)) Binaries.deleteTree(pg.dataDir().getParent());
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
