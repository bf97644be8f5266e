package dev.switchboard.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Who may call the API: only a holder of the bearer token in the data directory, and only from this machine. */
class AccessTest {
    static final String SUFFIX = ApiChecks.suffix();
    static final String RG = "/subscriptions/" + TestServer.SUB + "/resourceGroups/ac-" + SUFFIX;
    static final String REFUSED = "/subscriptions/" + TestServer.SUB + "/resourceGroups/ac-refused-" + SUFFIX;
    static final String GROUPS = "/subscriptions/" + TestServer.SUB + "/resourceGroups?api-version=2024-03-01";
    static final String RV = "?api-version=2024-03-01";

    @TempDir
    static Path data;
    static TestServer sb;

    @BeforeAll
    static void start() {
        sb = TestServer.start(data);
    }

    @AfterAll
    static void stop() {
        if (sb == null) return;
        sb.call("DELETE", RG + RV, null);
        assertThat(ApiChecks.storeRows(sb.server(), "resources")).as("resources left").isZero();
        sb.close();
    }

    @Test
    void noAuthorizationHeaderIs401() {
        TestServer.Answer a = sb.call("GET", GROUPS, null, Map.of());
        ApiChecks.assertArmError(a, 401, "AuthenticationFailed", "Bearer");
    }

    @Test
    void aWrongTokenIs401AndChangesNothing() {
        String token = sb.server().token();
        for (String header : List.of("Bearer wrong", "Bearer " + token + "x", "Bearer " + token.substring(1), "Bearer ",
                "Basic " + token, token, "Bearer" + token)) {
            TestServer.Answer a = sb.call("PUT", REFUSED + RV, Map.of("location", "local"), Map.of("Authorization", header));
            ApiChecks.assertArmError(a, 401, "AuthenticationFailed");
            assertThat(a.raw().body()).as("a 401 never shows the token").doesNotContain(token);
        }
        assertThat(sb.call("GET", REFUSED + RV, null).status()).as("the refused PUT created nothing").isEqualTo(404);
    }

    @Test
    void theRightBearerTokenIsAccepted() {
        String token = sb.server().token();
        assertThat(sb.call("GET", GROUPS, null, Map.of("Authorization", "Bearer " + token)).status()).isEqualTo(200);
        assertThat(sb.call("GET", GROUPS, null, Map.of("Authorization", "bearer " + token)).status())
                .as("the scheme is case-insensitive").isEqualTo(200);
        TestServer.Answer put = sb.call("PUT", RG + RV, Map.of("location", "local"), Map.of("Authorization", "Bearer " + token));
        assertThat(put.status()).isEqualTo(201);
        assertThat(sb.call("GET", RG + RV, null).body().path("name").asText()).isEqualTo("ac-" + SUFFIX);
    }

    @Test
    void headIsAuthenticatedAndChecksExistence() {
        String missing = "/subscriptions/" + TestServer.SUB + "/resourceGroups/ac-missing-" + SUFFIX + RV;
        assertThat(ApiChecks.raw(sb.server(), "HEAD", missing, null, null).status()).as("HEAD without a token").isEqualTo(401);
        assertThat(ApiChecks.raw(sb.server(), "HEAD", missing, "Bearer " + sb.server().token(), null).status())
                .as("HEAD of a resource group that does not exist").isEqualTo(404);
        String existing = "/subscriptions/" + TestServer.SUB + "/resourceGroups/ac-" + SUFFIX + RV;
        sb.call("PUT", existing, Map.of("location", "local"));
        assertThat(ApiChecks.raw(sb.server(), "HEAD", existing, "Bearer " + sb.server().token(), null).status())
                .as("HEAD of a resource group that exists").isEqualTo(204);
    }

    @Test
    void theTokenFileIsReadableByItsOwnerOnly() throws IOException {
        Path token = data.resolve("token");
        assertThat(Files.readString(token).trim()).isEqualTo(sb.server().token());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(token))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).as("the directory of the store, which holds"
                + " connection passwords").isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("server.json")))).isEqualTo("rw-------");
        assertThat(sb.server().token()).hasSizeGreaterThanOrEqualTo(32);
    }

    @Test
    void theServerListensOnLoopbackOnly() throws IOException {
        URI url = URI.create(sb.server().url());
        assertThat(url.getHost()).isEqualTo("127.0.0.1");
        int port = url.getPort();
        // The JVM may listen through a dual-stack socket: 127.0.0.1 then shows as ::ffff:127.0.0.1 in tcp6.
        List<String> bound = new ArrayList<>(listeners("/proc/net/tcp", port));
        bound.addAll(listeners("/proc/net/tcp6", port));
        assertThat(bound).as("addresses listening on port %d", port).isNotEmpty()
                .allMatch(a -> a.equals("0100007F") || a.equals("0000000000000000FFFF00000100007F"));
        for (InetAddress address : externalAddresses()) {
            IOException refused = catchThrowableOfType(IOException.class, () -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(address, port), 2000);
                }
            });
            assertThat(refused).as("connecting to %s:%d", address.getHostAddress(), port).isNotNull();
        }
    }

    /** Local addresses (hex, as the kernel shows them) of the sockets listening on {@code port}. */
    static List<String> listeners(String table, int port) throws IOException {
        Path file = Path.of(table);
        if (!Files.exists(file)) return List.of();
        String hexPort = String.format(Locale.ROOT, "%04X", port);
        List<String> out = new ArrayList<>();
        // Read once: the table changes between two reads while other tests open connections.
        List<String> lines = Files.readAllLines(file);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.trim().split("\\s+");
            String[] local = f[1].split(":");
            if (local[1].equals(hexPort) && f[3].equals("0A")) out.add(local[0]);
        }
        return out;
    }

    static List<InetAddress> externalAddresses() throws IOException {
        List<InetAddress> out = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) continue;
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (!a.isLoopbackAddress() && !a.isLinkLocalAddress()) out.add(a);
            }
        }
        return out;
    }
}
