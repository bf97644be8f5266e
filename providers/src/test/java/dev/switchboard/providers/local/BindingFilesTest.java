package dev.switchboard.providers.local;

import dev.switchboard.core.compute.SpecHash;
import dev.switchboard.core.compute.AppSpec;
import dev.switchboard.core.compute.ContainerSpec;
import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Service binding files of the local app host: where they go, who may read them, when they go away. */
class BindingFilesTest {
    private static final ResourceId APP =
            ResourceId.parse("/subscriptions/s/resourceGroups/rg/providers/Microsoft.App/containerApps/web");
    private static final Map<String, String> FILES = Map.of("db/type", "postgresql", "db/password", "s3cret");

    @TempDir
    Path dir;

    private LaunchPlan plan(Map<String, String> files) {
        LaunchPlanner planner = new LaunchPlanner(new WorkLayout(dir), Map.of("PATH", "/usr/bin:/bin"));
        return planner.plan(new AppSpec(APP, List.of(new ContainerSpec("web", List.of("sh"), List.of(), Map.of(), files)))).get(0);
    }

    @Test
    void thePlanPointsServiceBindingRootAtADirectoryNamedByTheSpecHash() {
        LaunchPlan p = plan(FILES);
        assertThat(p.bindingRoot().isAbsolute() && p.bindingRoot().startsWith(new WorkLayout(dir).appDir(APP))).isTrue();
        assertThat(p.bindingRoot().getFileName().toString()).isEqualTo("bindings-" + p.containerHash().substring(0, 12));
        assertThat(p.environment()).containsEntry("SERVICE_BINDING_ROOT", p.bindingRoot().toString());
        assertThat(p.toString()).doesNotContain("s3cret");
        assertThat(plan(Map.of()).environment()).doesNotContainKey("SERVICE_BINDING_ROOT");
        assertThat(plan(Map.of()).bindingRoot()).isNull();
    }

    @Test
    void filesChangeTheHashAndNeverPrint() {
        ContainerSpec without = new ContainerSpec("web", List.of("sh"), List.of(), Map.of("A", "1"));
        ContainerSpec with = new ContainerSpec("web", List.of("sh"), List.of(), Map.of("A", "1"), FILES);
        ContainerSpec other = new ContainerSpec("web", List.of("sh"), List.of(), Map.of("A", "1"), Map.of("db/type", "postgresql",
                "db/password", "changed"));
        assertThat(SpecHash.of(with)).isNotEqualTo(SpecHash.of(without)).isNotEqualTo(SpecHash.of(other));
        assertThat(SpecHash.of(without)).as("no files: the hash is what it was before files existed")
                .isEqualTo(SpecHash.of(new ContainerSpec("web", List.of("sh"), List.of(), Map.of("A", "1"), null)));
        assertThat(with.toString()).contains("db/password").doesNotContain("s3cret");
    }

    @Test
    void filesArePrivateAndStaleDirectoriesGoOnceTheirSpecIsReplaced() throws Exception {
        LaunchPlan old = plan(FILES);
        LaunchPlan current = plan(Map.of("db/type", "postgresql", "db/password", "rotated"));
        BindingFiles.writeAll(List.of(old));
        BindingFiles.writeAll(List.of(current));
        assertThat(Files.readString(current.bindingRoot().resolve("db/password"))).isEqualTo("rotated");
        assertThat(Files.readString(old.bindingRoot().resolve("db/password"))).as("a process of the old spec keeps its files")
                .isEqualTo("s3cret");
        assertThat(perms(current.bindingRoot())).isEqualTo("rwx------");
        assertThat(perms(current.bindingRoot().resolve("db"))).isEqualTo("rwx------");
        assertThat(perms(current.bindingRoot().resolve("db/password"))).isEqualTo("rw-------");

        Path appDir = new WorkLayout(dir).appDir(APP);
        BindingFiles.deleteAllExcept(appDir, List.of(current));
        assertThat(old.bindingRoot()).doesNotExist();
        assertThat(current.bindingRoot().resolve("db/type")).hasContent("postgresql");
        BindingFiles.deleteAll(appDir);
        try (Stream<Path> left = Files.list(appDir)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aPathThatIsNotBindingSlashEntryIsRefusedBeforeAnythingIsWritten() {
        for (String bad : List.of("../etc/passwd", "db", "db/../../x", "a/b/c", "/abs/x", "db/.hidden", "db/")) {
            assertThatThrownBy(() -> plan(Map.of(bad, "x"))).as(bad).isInstanceOfSatisfying(TerminalFailure.class,
                    f -> assertThat(f.code()).isEqualTo("InvalidServiceBinding"));
        }
        assertThat(new WorkLayout(dir).appDir(APP)).doesNotExist();
    }

    private static String perms(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
