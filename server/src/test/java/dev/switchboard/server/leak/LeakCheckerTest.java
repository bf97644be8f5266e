package dev.switchboard.server.leak;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The leak check can fail: secrets planted in recorded logs and answers are found, named by file and line, masked. */
class LeakCheckerTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aSecretPlantedInALogLineIsReportedWithItsFileAndLineAndMasked() throws Exception {
        secrets("Pl4nted-Fake-Secret", "test plant");
        Files.writeString(dir.resolve(LeakFiles.JVM_OUTPUT), "[main] INFO starting\n[main] INFO login with Pl4nted-Fake-Secret ok\n");

        LeakChecker.Report report = LeakChecker.check(dir);

        assertThat(report.leaks()).hasSize(1);
        LeakChecker.Leak leak = report.leaks().getFirst();
        assertThat(leak.file()).isEqualTo(LeakFiles.JVM_OUTPUT);
        assertThat(leak.line()).isEqualTo(2);
        assertThat(leak.masked()).isEqualTo("[main] INFO login with *** ok").doesNotContain("Pl4nted");
        assertThat(leak.toString()).contains("test-jvm-output.log:2:").contains("test plant").doesNotContain("Pl4nted");
        assertThat(report.summary()).contains("1 secrets tracked").contains("2 log lines").endsWith("1 leaks");
    }

    @Test
    void escapedEncodedAndBase64SpellingsAreFoundInAnswers() throws Exception {
        secrets("pa\"ss wo/rd+1", "hostile", "Zm9vYmFyYmF6cXV4", "plain");
        String json = JSON.writeValueAsString(Map.of("message", "bad password pa\"ss wo/rd+1"));
        Files.writeString(dir.resolve(LeakFiles.RESPONSES), LeakFiles.RESPONSE_HEADER + "PUT /a 400 {}\n" + json + "\n"
                + LeakFiles.RESPONSE_HEADER + "GET /b 200 {}\n{\"u\":\"jdbc:x?password=pa%22ss+wo%2Frd%2B1\"}\n"
                + LeakFiles.RESPONSE_HEADER + "GET /c 200 {}\n{\"b\":\"cGEic3Mgd28vcmQrMQ\"}\n");

        LeakChecker.Report report = LeakChecker.check(dir);

        assertThat(report.responses()).isEqualTo(3);
        assertThat(report.leaks()).extracting(LeakChecker.Leak::line, LeakChecker.Leak::kind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2L, "JSON-escaped"),
                        org.assertj.core.groups.Tuple.tuple(4L, "URL-encoded"),
                        org.assertj.core.groups.Tuple.tuple(6L, "base64"));
    }

    @Test
    void shortSecretsAreSkippedAndACleanRunReportsNoLeak() throws Exception {
        secrets("abc123", "short", "Cl3an-Secret-Value", "clean");
        Files.writeString(dir.resolve(LeakFiles.JVM_OUTPUT), "user abc123 connected\n");
        Files.writeString(dir.resolve(LeakFiles.PROCESS_LOGS), "nothing to see\n");

        LeakChecker.Report report = LeakChecker.check(dir);

        assertThat(report.leaks()).isEmpty();
        assertThat(report.secrets()).isEqualTo(1);
        assertThat(report.skipped()).isEqualTo(1);
        assertThat(report.logLines()).isEqualTo(2);
    }

    @Test
    void requestBodiesYieldTheirSecretsButNotVaultReferences() throws Exception {
        var body = JSON.readTree("""
                {"properties": {"administratorLoginPassword": "Adm1n-pass",
                  "authInfo": {"authType": "secret", "secretInfo": {"secretType": "rawValue", "value": "R4w-value"}},
                  "other": {"secretInfo": {"secretType": "keyVaultSecretUri", "value": "https://v.vault.switchboard.local/secrets/s"}},
                  "configuration": {"secrets": [{"name": "db", "value": "C0nfig-secret"}]}}}""");

        assertThat(RequestSecrets.find("/x/providers/Microsoft.App/containerApps/a", body)).extracting(RequestSecrets.Found::value)
                .containsExactlyInAnyOrder("Adm1n-pass", "R4w-value", "C0nfig-secret");
        assertThat(RequestSecrets.find("/x/providers/Microsoft.KeyVault/vaults/v/secrets/s",
                JSON.readTree("{\"properties\":{\"value\":\"V4ult-value\"}}"))).extracting(RequestSecrets.Found::value)
                .containsExactly("V4ult-value");
    }

    private void secrets(String... valueThenSource) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < valueThenSource.length; i += 2) {
            sb.append(JSON.writeValueAsString(Map.of("value", valueThenSource[i], "source", valueThenSource[i + 1]))).append('\n');
        }
        Files.writeString(dir.resolve(LeakFiles.SECRETS), sb.toString());
    }
}
