package dev.switchboard.app.bench;

import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.target.TargetEndpoint;
import dev.switchboard.engine.resources.ResourceService;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Kafka on a broker the run starts in this JVM ({@link KafkaBroker}). Floor: one admin client per create (SASL/SCRAM
 * as the broker's super user), {@code alterUserScramCredentials} (SCRAM-SHA-256, 4096 iterations) and
 * {@code createAcls} for the connection's default scope: WRITE, READ, DESCRIBE on topics and READ on groups, both
 * prefixed {@code <login>.}. Each call waits for the controller's answer; neither waits for the broker to show it.
 */
final class KafkaBench implements BenchTarget {
    private final KafkaBroker broker;
    private final TargetEndpoint admin;

    KafkaBench(KafkaBroker broker) {
        this.broker = broker;
        this.admin = broker.endpoint();
    }

    @Override
    public String name() { return "kafka"; }

    @Override
    public String describe() { return "Kafka (KRaft, in-process) " + admin.host() + ":" + admin.port(); }

    @Override
    public ResourceId register(ResourceService resources, ResourceId group, String marker) {
        ResourceId server = ResourceId.parse(group + "/providers/Switchboard.Messaging/kafkaClusters/events");
        resources.put(server, Map.of("location", "local", "properties", Map.of("host", admin.host(), "port", admin.port(),
                "administratorLogin", admin.adminLogin(), "administratorLoginPassword", admin.adminPassword().reveal(),
                "superUsers", admin.option("superUsers", ""))), null, "bench");
        return server;
    }

    @Override
    public void floorCreate(String login, Secret password) throws Exception {
        try (Admin a = Admin.create(properties())) {
            a.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(login,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096), password.reveal()))).all().get();
            a.createAcls(bindings(login)).all().get();
        }
    }

    private static List<AclBinding> bindings(String login) {
        List<AclBinding> out = new ArrayList<>();
        for (AclOperation op : List.of(AclOperation.WRITE, AclOperation.READ, AclOperation.DESCRIBE)) {
            out.add(binding(ResourceType.TOPIC, login, op));
        }
        out.add(binding(ResourceType.GROUP, login, AclOperation.READ));
        return out;
    }

    private static AclBinding binding(ResourceType type, String login, AclOperation op) {
        return new AclBinding(new ResourcePattern(type, login + ".", PatternType.PREFIXED),
                new AccessControlEntry("User:" + login, "*", op, AclPermissionType.ALLOW));
    }

    @Override
    public void floorDrop(String login) throws Exception {
        try (Admin a = Admin.create(properties())) {
            a.deleteAcls(List.of(new AclBindingFilter(ResourcePatternFilter.ANY,
                    new AccessControlEntryFilter("User:" + login, null, AclOperation.ANY, AclPermissionType.ANY)))).all().get();
            a.alterUserScramCredentials(List.of(new UserScramCredentialDeletion(login, ScramMechanism.SCRAM_SHA_256))).all().get();
        }
    }

    /** SCRAM users and ACL principals. */
    @Override
    public List<String> logins(String marker) throws Exception {
        List<String> out = new ArrayList<>();
        try (Admin a = Admin.create(properties())) {
            for (String user : a.describeUserScramCredentials().users().get()) if (user.contains(marker)) out.add(user);
            for (AclBinding b : a.describeAcls(AclBindingFilter.ANY).values().get()) {
                if (b.entry().principal().contains(marker)) out.add(b.entry().principal());
            }
        }
        return out;
    }

    private Properties properties() {
        Properties p = new Properties();
        p.put("bootstrap.servers", admin.host() + ":" + admin.port());
        p.put("security.protocol", "SASL_PLAINTEXT");
        p.put("sasl.mechanism", "SCRAM-SHA-256");
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + admin.adminLogin() + "\" password=\"" + admin.adminPassword().reveal() + "\";");
        return p;
    }

    @Override
    public void close() {
        broker.close();
    }
}
