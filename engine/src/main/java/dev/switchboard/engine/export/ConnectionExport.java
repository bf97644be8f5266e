package dev.switchboard.engine.export;

import dev.switchboard.core.id.ResourceId;

import java.util.List;
import java.util.Map;

/**
 * Everything one connection did, as the generators need it and without any secret: the app it configures (as the
 * app has it, identity on when the auth type needs one), the connection resource itself, the settings it projects
 * into the app, and the step it took on the target (the login and its grants). Secrets appear only as
 * {@link SecretInput}s inside the property maps, each also listed in {@code inputs}.
 *
 * @param linker           the connection's ID (a linker of an app, or a location-scoped connector)
 * @param linkerProperties the connection's properties, ready to be written back (read-only fields dropped)
 * @param app              the app, or null for a connector (no app)
 * @param vaultId          the vault that holds the password ({@code secretStore.keyVaultId}), or null
 */
public record ConnectionExport(ResourceId linker, Map<String, Object> linkerProperties, App app, List<Setting> settings,
                               TargetStep targetStep, List<SecretInput> inputs, String vaultId) {
    public static final String LINKER_API_VERSION = "2024-04-01";

    public ConnectionExport {
        settings = List.copyOf(settings);
        inputs = List.copyOf(inputs);
    }

    /** The connection's type as templates write it. */
    public String linkerType() {
        return linker.fullType();
    }

    /**
     * The app as a template writes it: {@code identity} without its read-only ids, {@code properties} without
     * read-only fields; {@code containers} are the names of its containers (a site's one process is {@code site}).
     */
    public record App(ResourceId id, String apiVersion, String location, Map<String, Object> tags,
                      Map<String, Object> identity, Map<String, Object> properties, List<String> containers) {
        public App {
            containers = List.copyOf(containers);
        }

        public String identityType() {
            return String.valueOf(identity.getOrDefault("type", "None"));
        }

        public boolean hasIdentity() {
            return !identityType().equalsIgnoreCase("None");
        }
    }

    /**
     * One setting the connection projects into its app. {@code value} is the value itself when it holds no secret,
     * else its shape with the password as a placeholder ({@code <password>}); {@code file} is true for a
     * servicebinding.io file ({@code name} is then {@code SERVICE_BINDING_ROOT/<binding>/<entry>}).
     */
    public record Setting(String name, boolean secret, boolean file, String description, String value) { }

    /**
     * What the connection made on its target: {@code login} on {@code server} (for {@code target}, a database, a
     * vhost or the server itself), with {@code grants} in words and the login's attributes, if the kind has any.
     */
    public record TargetStep(String kind, ResourceId server, ResourceId target, String login, String attributes,
                             List<String> grants, String passwordFrom) {
        public TargetStep {
            grants = List.copyOf(grants);
        }

        /** One sentence: what to do on the target where Switchboard does not do it. */
        public String describe() {
            return "Create the " + kind + " login '" + login + "' on " + server + (attributes.isEmpty() ? "" : " (" + attributes + ")")
                    + ", its password " + passwordFrom + ", and grant it: " + String.join("; ", grants)
                    + ". Switchboard does this itself when it deploys the connection resource.";
        }
    }
}
