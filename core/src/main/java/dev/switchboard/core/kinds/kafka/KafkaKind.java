package dev.switchboard.core.kinds.kafka;

import dev.switchboard.core.config.ConfigItem;
import dev.switchboard.core.config.ConnectionFacts;
import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.linker.ClientType;
import dev.switchboard.core.target.AccessScope;
import dev.switchboard.core.target.TargetKind;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code Switchboard.Messaging/kafkaClusters}: a Kafka cluster reached over SASL with SCRAM. A connection targets
 * the cluster itself (no child type) and gets a SCRAM user plus ACLs for {@code User:<login>}:
 * WRITE, READ and DESCRIBE on each topic of {@code access.topics} and READ on each group of {@code access.groups}.
 *
 * <p>Server properties: {@code host} (one bootstrap host; the cluster's other brokers are found through it),
 * {@code port} (default 9092), {@code administratorLogin} + the admin password (a SCRAM user listed in the
 * broker's {@code super.users}), and two endpoint options: {@code securityProtocol} ({@code SASL_PLAINTEXT},
 * the default, or {@code SASL_SSL}) and {@code saslMechanism} ({@code SCRAM-SHA-256}, the default, or
 * {@code SCRAM-SHA-512}); the administrator and connections log in with that mechanism and connections get a
 * credential for it. A third option, {@code superUsers}, is a copy of the broker's {@code super.users}
 * ({@code User:a;User:b}): Kafka redacts that setting, and a connection must never take over or remove a super
 * user (the administrator itself is always refused).
 *
 * <p>{@code access} (all optional):
 * <ul>
 *   <li>{@code topics}: list of topic names; a trailing {@code *} makes a prefix (a PREFIXED ACL, e.g.
 *   {@code orders.*} covers {@code orders.eu}). Default {@code ["<linkerName>.*"]}. At least one entry.</li>
 *   <li>{@code groups}: list of consumer group names, same syntax. Default {@code ["<linkerName>.*"]}; may be
 *   empty for a producer-only connection.</li>
 * </ul>
 * Names use Kafka's legal characters {@code [a-zA-Z0-9._-]}, at most 249 of them, not {@code .} or {@code ..};
 * {@code *} only as the last character and never alone (that would be every topic); nothing starting with
 * {@code __} (Kafka's internal topics) and not the prefix {@code _*}. Transactional IDs are not granted.
 *
 * <p>Configuration names are ours (Service Connector has no self-managed Kafka; its Confluent Cloud target uses
 * {@code AZURE_CONFLUENTCLOUDKAFKA_*}): see {@link KafkaConfigurationNames}.
 */
public final class KafkaKind implements TargetKind {
    public static final String SERVER_TYPE = "switchboard.messaging/kafkaclusters";
    public static final Set<String> SECURITY_PROTOCOLS = Set.of("SASL_PLAINTEXT", "SASL_SSL");
    public static final Set<String> SASL_MECHANISMS = Set.of("SCRAM-SHA-256", "SCRAM-SHA-512");
    public static final String DEFAULT_SECURITY_PROTOCOL = "SASL_PLAINTEXT";
    public static final String DEFAULT_SASL_MECHANISM = "SCRAM-SHA-256";
    static final int MAX_ENTRIES = 50;
    private static final int MAX_LOGIN = 64;
    private static final Pattern LOGIN = Pattern.compile("[a-z0-9_]{1," + MAX_LOGIN + "}");
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    @Override public String name() { return "kafka"; }

    @Override public List<String> serverTypes() { return List.of(SERVER_TYPE); }

    @Override public Optional<String> childType() { return Optional.empty(); }

    @Override public String hostProperty() { return "host"; }

    @Override public int defaultPort() { return 9092; }

    @Override public Set<String> endpointOptions() { return Set.of("securityProtocol", "saslMechanism", "superUsers"); }

    @Override public boolean adminPasswordRequired() { return true; }

    @Override public String configPrefix() { return KafkaConfigurationNames.PREFIX; }

    @Override public List<ClientType> clientTypes() { return KafkaConfigurationNames.CLIENT_TYPES; }

    @Override public int maxLoginLength() { return MAX_LOGIN; }

    @Override public void checkLogin(String login) {
        requireLogin(login);
    }

    /** Static so the provider checks the same rule again before a name reaches the broker. */
    public static String requireLogin(String login) {
        if (login == null || !LOGIN.matcher(login).matches()) {
            throw TerminalFailure.badRequest("InvalidLoginName", "properties.authInfo.name",
                    "properties.authInfo.name must be 1-" + MAX_LOGIN + " characters of lower-case letters, digits and '_'");
        }
        return login;
    }

    @Override public AccessScope scope(ResourceId target, Map<String, Object> access, String linkerName) {
        List<String> topics = patterns(access, "topics", linkerName, false);
        List<String> groups = patterns(access, "groups", linkerName, true);
        return new AccessScope.Topics(topics, groups);
    }

    private static List<String> patterns(Map<String, Object> access, String key, String linkerName, boolean mayBeEmpty) {
        String field = "properties.access." + key;
        Object raw = access == null ? null : access.get(key);
        if (raw == null) {
            String fallback = linkerName + ".*";
            if (!isPattern(fallback)) {
                throw TerminalFailure.badRequest("InvalidAccess", field, field + " is required: the default '<linker name>.*'"
                        + " is not a valid Kafka name for this linker's name");
            }
            return List.of(fallback);
        }
        if (!(raw instanceof List<?> list) || list.size() > MAX_ENTRIES || (list.isEmpty() && !mayBeEmpty)) {
            throw TerminalFailure.badRequest("InvalidAccess", field, field + " must be a list of " + (mayBeEmpty ? "0" : "1")
                    + "-" + MAX_ENTRIES + " names");
        }
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String s) || !isPattern(s)) {
                throw TerminalFailure.badRequest("InvalidAccess", field + "[" + i + "]", field + "[" + i + "] must be 1-249"
                        + " characters of letters, digits, '.', '_' and '-', optionally ending in '*' for a prefix;"
                        + " not '.', '..', a lone '*', '_*' or a name starting with '__'");
            }
            out.add(s);
        }
        return List.copyOf(out);
    }

    /** A topic or group name, or a prefix written as name + {@code *}. */
    public static boolean isPattern(String s) {
        if (s == null) return false;
        String name = isPrefix(s) ? s.substring(0, s.length() - 1) : s;
        if (!NAME.matcher(name).matches() || name.startsWith("__")) return false;
        if (isPrefix(s)) return !name.equals("_");
        return !name.equals(".") && !name.equals("..");
    }

    public static boolean isPrefix(String pattern) {
        return pattern.endsWith("*");
    }

    /** The name or prefix a pattern stands for, without the {@code *}. */
    public static String stem(String pattern) {
        return isPrefix(pattern) ? pattern.substring(0, pattern.length() - 1) : pattern;
    }

    @Override public List<ConfigItem> configuration(ClientType client, ConnectionFacts facts, String infix) {
        return KafkaConfigurationNames.items(client, info(facts), infix);
    }

    @Override public List<ConfigItem> bindingEntries(ConnectionFacts facts) {
        return KafkaConfigurationNames.bindingEntries(info(facts));
    }

    /**
     * Kafka's .NET connection string is the bootstrap servers alone ({@code host:port}, what .NET Aspire's Kafka
     * integration reads): SASL settings have no place in it, so the credentials come from another delivery.
     */
    @Override public String connectionString(ConnectionFacts facts) {
        return info(facts).bootstrapServers();
    }

    private static KafkaConnectionInfo info(ConnectionFacts facts) {
        return new KafkaConnectionInfo(facts.host(), facts.port(), facts.login(),
                facts.option("securityProtocol", DEFAULT_SECURITY_PROTOCOL), facts.option("saslMechanism", DEFAULT_SASL_MECHANISM));
    }

    /** Every pattern of a scope, checked again (the provider's defence in depth); a copy of the lists. */
    public static List<String> checkedPatterns(List<String> patterns, String field) {
        List<String> out = new ArrayList<>(patterns.size());
        for (String p : patterns) {
            if (!isPattern(p)) throw TerminalFailure.badRequest("InvalidAccess", field, field + " holds an invalid Kafka name");
            out.add(p);
        }
        return out;
    }
}
