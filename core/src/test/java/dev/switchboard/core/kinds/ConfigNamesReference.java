package dev.switchboard.core.kinds;

import dev.switchboard.core.json.JsonText;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Service Connector configuration names of {@code shared/reference/config-names}, as the kinds' table tests
 * read them. The shared folder sits beside the repository ({@code <repo>/../shared}), or beside an ancestor when the
 * repository is a worktree deeper down; surefire gives the repository as {@code switchboard.repoRoot}.
 */
public final class ConfigNamesReference {
    private static final Path RELATIVE = Path.of("shared", "reference", "config-names", "service-connector-names.json");
    private static Path file;
    private static Map<String, Object> json;

    private ConfigNamesReference() { }

    public static synchronized Path file() {
        if (file != null) return file;
        String root = System.getProperty("switchboard.repoRoot");
        if (root == null) throw new AssertionError("system property switchboard.repoRoot (set by surefire) is missing");
        for (Path dir = Path.of(root).toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(RELATIVE))) return file = dir.resolve(RELATIVE);
        }
        throw new AssertionError("no " + RELATIVE + " above " + root);
    }

    /** Every target of the reference by its key ({@code postgresql}, {@code mysql}, {@code redis}, …). */
    @SuppressWarnings("unchecked")
    public static synchronized Map<String, Object> targets() {
        if (json == null) {
            try {
                json = JsonText.parseObject(Files.readString(file(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return (Map<String, Object>) json.get("targets");
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> target(String key) {
        Object target = targets().get(key);
        if (target == null) throw new AssertionError("the reference has no target " + key);
        return (Map<String, Object>) target;
    }

    /** A target's name rows for one auth type, by client type, in the reference's order. */
    @SuppressWarnings("unchecked")
    public static Map<String, List<Map<String, Object>>> rowsByClient(String key, String authType) {
        Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
        for (Object o : (List<Object>) target(key).get("names")) {
            Map<String, Object> row = (Map<String, Object>) o;
            if (authType.equals(row.get("auth_type"))) out.computeIfAbsent((String) row.get("client_type"), k -> new ArrayList<>()).add(row);
        }
        return out;
    }
}
