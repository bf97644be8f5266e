package dev.switchboard.server;

import dev.switchboard.core.secret.PasswordGenerator;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.target.TargetEndpoint;
import dev.switchboard.providers.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * The PostgreSQL Switchboard starts when none is configured. Its superuser password is made once and kept in
 * the data directory (owner-only), so the same cluster comes back after a restart.
 */
final class EmbeddedDefaultPostgres implements AutoCloseable {
    private static final String SUPERUSER = "switchboard";
    private final EmbeddedPostgres postgres;
    private final Secret password;

    private EmbeddedDefaultPostgres(EmbeddedPostgres postgres, Secret password) {
        this.postgres = postgres;
        this.password = password;
    }

    /**
     * The port is chosen once and kept: server resources record the address they adopted, so the embedded
     * server must come back where it was.
     */
    static EmbeddedDefaultPostgres start(DataDirectory data) {
        Secret password = password(data.root().resolve("embedded-pg.password"));
        Path portFile = data.root().resolve("embedded-pg.port");
        try {
            int port = Files.exists(portFile) ? Integer.parseInt(Files.readString(portFile).trim()) : 0;
            EmbeddedPostgres pg = EmbeddedPostgres.start(data.embeddedPostgres(), port, SUPERUSER, password.reveal());
            Files.writeString(portFile, String.valueOf(pg.port()));
            return new EmbeddedDefaultPostgres(pg, password);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    TargetEndpoint endpoint() {
        return new TargetEndpoint(postgres.host(), postgres.port(), SUPERUSER, password, "postgres");
    }

    private static Secret password(Path file) {
        try {
            if (Files.exists(file)) return Secret.of(Files.readString(file, StandardCharsets.UTF_8).trim());
            Secret s = new PasswordGenerator(new SecureRandom()).next();
            DataDirectory.writePrivate(file, s.reveal());
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        postgres.close();
    }
}
