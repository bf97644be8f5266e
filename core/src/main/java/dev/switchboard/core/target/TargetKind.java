package dev.switchboard.core.target;

import dev.switchboard.core.config.ConfigItem;
import dev.switchboard.core.config.ConnectionFacts;
import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.linker.ClientType;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The pure facts about one kind of target: which resource types realise it, what a connection's least privilege
 * and configuration look like. No I/O: the engine pairs each kind with its {@link TargetProvider}.
 * One implementation per kind, each in its own package under {@code dev.switchboard.core.kinds}.
 */
public interface TargetKind {

    /** Short stable name: {@code postgresql}, {@code mysql}, {@code redis}, {@code rabbitmq}, {@code mqtt}, {@code nats}, {@code kafka}. */
    String name();

    /** The server resource types, lower-case full types (e.g. {@code microsoft.cache/redis}); the first is canonical. */
    List<String> serverTypes();

    /** The child type a connection targets ({@code databases}, {@code vhosts}), or empty when it targets the server. */
    Optional<String> childType();

    /** What one child resource is called in messages and error codes ({@code database}, {@code vhost}). */
    default String childNoun() {
        return childType().map(c -> c.endsWith("s") ? c.substring(0, c.length() - 1) : c).orElse("server");
    }

    /**
     * Refuses (400 {@code Invalid<Noun>Name}) a child resource name the target cannot hold, before anything is made.
     * The default suits SQL databases: 1-63 letters, digits, '_' and '-', starting with a letter or '_'.
     */
    default void checkChildName(String name) {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_\\-]{0,62}")) {
            String noun = childNoun();
            throw TerminalFailure.badRequest("Invalid" + Character.toUpperCase(noun.charAt(0)) + noun.substring(1) + "Name",
                    noun + "Name", noun + " name must be 1-63 characters of letters, digits, '_' and '-', starting with a letter or '_'");
        }
    }

    /** Properties a new child resource is stored with when its body names none (PostgreSQL databases: {@code charset}). */
    default Map<String, Object> childDefaults() { return Map.of(); }

    /** The server property that holds its address ({@code fullyQualifiedDomainName}, {@code hostName}, {@code host}). */
    String hostProperty();

    int defaultPort();

    /** Extra string properties of the server resource passed to the provider as {@link TargetEndpoint#options()}. */
    Set<String> endpointOptions();

    /** Where an administrator session starts (PostgreSQL's {@code postgres}); empty when the kind has no such notion. */
    default String adminDatabase() { return ""; }

    /** The administrator login assumed when a server resource names none (Redis's {@code default}); null: required. */
    default String defaultAdminLogin() { return null; }

    /** Values of {@link #endpointOptions()} a server resource gets when it names none (PostgreSQL: {@code sslMode=prefer}). */
    default Map<String, String> endpointDefaults() { return Map.of(); }

    /** Whether registering a server needs an admin password (Redis's default user and a local NATS need none). */
    boolean adminPasswordRequired();

    /** Prefix of its Service-Connector-style names ({@code AZURE_REDIS_}); a second connection of the kind gets an infix after it. */
    String configPrefix();

    /** The client types it writes configuration for (auth type secret), in the order {@code list-support-types} shows. */
    List<ClientType> clientTypes();

    /** Longest login the target accepts, for generated names. */
    int maxLoginLength();

    /** Refuses (TerminalFailure 400 {@code InvalidLoginName}, at {@code properties.authInfo.name}) a name this target cannot hold safely. */
    void checkLogin(String login);

    /**
     * The connection's least privilege on {@code target} from the linker's {@code properties.access} object (may be
     * empty: the kind's documented default). Refuses bad patterns with a TerminalFailure 400 pointing at the field.
     */
    AccessScope scope(ResourceId target, Map<String, Object> access, String linkerName);

    /**
     * Facts from the linker's {@code access} object that shape its configuration but not its privileges (Redis's
     * database index), passed to {@link #configuration} as {@link ConnectionFacts#options()} beside the server's.
     */
    default Map<String, String> configurationOptions(Map<String, Object> access) { return Map.of(); }

    /** The configuration a connection projects for {@code client}; passwords as {@link ConfigItem} marks. */
    List<ConfigItem> configuration(ClientType client, ConnectionFacts facts, String infix);

    /**
     * The entries of the connection's servicebinding.io binding ({@code serviceBinding} delivery): item names are the
     * file names ({@code type}, {@code host}, {@code password}...), passwords as marks. See
     * {@link dev.switchboard.core.config.BindingEntries}.
     */
    List<ConfigItem> bindingEntries(ConnectionFacts facts);

    /**
     * The template of the connection's .NET connection string ({@code connectionStrings} delivery,
     * {@code ConnectionStrings__<name>}): by default the {@code dotnet} client type's {@code ..._CONNECTIONSTRING}.
     */
    default String connectionString(ConnectionFacts facts) {
        return configuration(ClientType.DOTNET, facts, "").stream().filter(i -> i.name().endsWith("CONNECTIONSTRING"))
                .findFirst().map(ConfigItem::template)
                .orElseThrow(() -> new IllegalStateException(name() + " has no .NET connection string"));
    }

    default boolean isServer(ResourceId id) {
        return id.isResource() && id.types().size() == 1 && serverTypes().contains(id.fullType().toLowerCase(java.util.Locale.ROOT));
    }

    /** Whether {@code id} is something a connection of this kind can target. */
    default boolean isTarget(ResourceId id) {
        if (childType().isEmpty()) return isServer(id);
        return id.isResource() && id.types().size() == 2 && id.types().get(1).equalsIgnoreCase(childType().get())
                && isServer(id.parent());
    }

    /** The server of a target ID. */
    default ResourceId serverOf(ResourceId target) {
        return childType().isEmpty() ? target : target.parent();
    }
}
