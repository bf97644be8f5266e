package dev.switchboard.core.kinds.nats;

import dev.switchboard.core.config.ConfigItem;
import dev.switchboard.core.config.ConnectionFacts;
import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.linker.ClientType;
import dev.switchboard.core.target.AccessScope;
import dev.switchboard.core.target.TargetKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code Switchboard.Messaging/natsServers}: a NATS server (ours: Azure has no NATS resource, so no name here follows
 * Service Connector). A connection targets the server itself and gets a NATS user with publish/subscribe permissions
 * on some subjects ({@link NatsSubjects} documents {@code properties.access}).
 *
 * <p>NATS has no API to add plain users, so Switchboard owns a file that the server's configuration includes and
 * reloads the server after each change. Server resource properties: {@code host} (address), {@code port} (default
 * 4222), {@code administratorLogin} + the administrator password (a NATS user with full permissions that Switchboard
 * keeps in the file), and the endpoint options:
 * <ul>
 *   <li>{@code authorizationFile}: absolute path of the file the server configuration {@code include}s; it holds
 *   {@code authorization { users = [...] }}, written by Switchboard only (an empty file is taken over);</li>
 *   <li>{@code pidFile}: absolute path of the server's {@code pid_file}; Switchboard sends that process SIGHUP to
 *   reload.</li>
 * </ul>
 * Both files must be on the machine Switchboard runs on. Configuration names: see {@link NatsConfigurationNames}.
 */
public final class NatsKind implements TargetKind {
    public static final String AUTHORIZATION_FILE = "authorizationFile";
    public static final String PID_FILE = "pidFile";
    private static final Pattern LOGIN = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final Set<String> ACCESS_FIELDS = Set.of("publish", "subscribe", "inbox");

    @Override public String name() { return "nats"; }

    @Override public List<String> serverTypes() { return List.of("switchboard.messaging/natsservers"); }

    @Override public Optional<String> childType() { return Optional.empty(); }

    @Override public String hostProperty() { return "host"; }

    @Override public int defaultPort() { return 4222; }

    @Override public Set<String> endpointOptions() { return Set.of(AUTHORIZATION_FILE, PID_FILE); }

    /** The administrator is a user in the file Switchboard writes; it logs in as it to check the server's state. */
    @Override public boolean adminPasswordRequired() { return true; }

    @Override public String configPrefix() { return NatsConfigurationNames.PREFIX; }

    @Override public List<ClientType> clientTypes() {
        return List.of(ClientType.NONE, ClientType.DOTNET, ClientType.JAVA, ClientType.PYTHON, ClientType.GO, ClientType.PHP,
                ClientType.RUBY, ClientType.DJANGO, ClientType.NODEJS, ClientType.SPRING_BOOT);
    }

    @Override public int maxLoginLength() { return 64; }

    @Override public void checkLogin(String login) {
        if (login == null || !LOGIN.matcher(login).matches()) {
            throw TerminalFailure.badRequest("InvalidLoginName", "properties.authInfo.name", "properties.authInfo.name must be"
                    + " 1-64 characters of lower-case letters, digits and '_', starting with a letter");
        }
    }

    @Override public AccessScope scope(ResourceId target, Map<String, Object> access, String linkerName) {
        for (String key : access.keySet()) {
            if (!ACCESS_FIELDS.contains(key)) {
                throw TerminalFailure.badRequest("InvalidAccess", "properties.access." + key, "properties.access has no field '"
                        + dev.switchboard.core.failure.Echo.of(key) + "' for NATS; use publish, subscribe, inbox");
            }
        }
        String namespace = NatsSubjects.defaultSubject(linkerName);
        List<String> publish = NatsSubjects.list(access, "publish", namespace);
        List<String> subscribe = new ArrayList<>(NatsSubjects.list(access, "subscribe", namespace));
        if (NatsSubjects.inbox(access) && !subscribe.contains(NatsSubjects.INBOX)) subscribe.add(NatsSubjects.INBOX);
        if (publish.isEmpty() && subscribe.isEmpty()) {
            throw TerminalFailure.badRequest("InvalidAccess", "properties.access",
                    "properties.access grants nothing: give at least one subject to publish or subscribe to");
        }
        if (subscribe.size() > NatsSubjects.MAX_SUBJECTS) {
            throw TerminalFailure.badRequest("InvalidAccess", "properties.access.subscribe",
                    "properties.access.subscribe may list at most " + NatsSubjects.MAX_SUBJECTS + " subjects with the inbox");
        }
        return new AccessScope.Subjects(publish, subscribe);
    }

    @Override public List<ConfigItem> configuration(ClientType client, ConnectionFacts facts, String infix) {
        return NatsConfigurationNames.items(client, facts.host(), facts.port(), facts.login(), infix);
    }

    @Override public List<ConfigItem> bindingEntries(ConnectionFacts facts) {
        return NatsConfigurationNames.bindingEntries(facts.host(), facts.port(), facts.login());
    }

    @Override public String connectionString(ConnectionFacts facts) {
        return NatsConfigurationNames.connectionString(facts.host(), facts.port(), facts.login());
    }
}
