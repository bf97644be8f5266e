package dev.switchboard.providers.kafka;

import dev.switchboard.core.kinds.kafka.KafkaKind;
import dev.switchboard.core.target.AccessScope;
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
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A scope as Kafka ACL bindings, and bindings as stable words. Names reach Kafka only as fields of
 * {@link ResourcePattern} (no text is parsed on the way), after {@link KafkaKind#checkedPatterns} checked them.
 *
 * <p>Words are {@code <RESOURCE>:<PATTERN>:<name>:<OPERATION>}, e.g. {@code TOPIC:LITERAL:orders:WRITE} or
 * {@code GROUP:PREFIXED:app.:READ} (a prefix without its {@code *}). A binding that is not ALLOW from any host
 * (added by hand) gets {@code DENY:} in front or {@code @<host>} after, so it never looks like one of ours.
 */
final class KafkaAcls {
    static final List<AclOperation> TOPIC_OPERATIONS = List.of(AclOperation.WRITE, AclOperation.READ, AclOperation.DESCRIBE);
    static final List<AclOperation> GROUP_OPERATIONS = List.of(AclOperation.READ);

    private KafkaAcls() {
    }

    static String principal(String login) {
        return "User:" + KafkaKind.requireLogin(login);
    }

    /** The ALLOW bindings, from any host, that give {@code login} exactly {@code scope}. */
    static Set<AclBinding> bindings(String login, AccessScope.Topics scope) {
        String principal = principal(login);
        Set<AclBinding> out = new LinkedHashSet<>();
        for (ResourcePattern r : patterns(scope)) {
            for (AclOperation op : r.resourceType() == ResourceType.TOPIC ? TOPIC_OPERATIONS : GROUP_OPERATIONS) {
                out.add(new AclBinding(r, new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW)));
            }
        }
        return out;
    }

    /** The words {@link #word} gives the bindings of {@code scope}; needs no login. */
    static Set<String> words(AccessScope.Topics scope) {
        Set<String> out = new TreeSet<>();
        for (ResourcePattern r : patterns(scope)) {
            for (AclOperation op : r.resourceType() == ResourceType.TOPIC ? TOPIC_OPERATIONS : GROUP_OPERATIONS) {
                out.add(r.resourceType() + ":" + r.patternType() + ":" + r.name() + ":" + op);
            }
        }
        return out;
    }

    static Set<String> words(Collection<AclBinding> bindings) {
        Set<String> out = new TreeSet<>();
        for (AclBinding b : bindings) out.add(word(b));
        return out;
    }

    static String word(AclBinding b) {
        ResourcePattern r = b.pattern();
        AccessControlEntry e = b.entry();
        String word = r.resourceType() + ":" + r.patternType() + ":" + r.name() + ":" + e.operation();
        if (e.permissionType() != AclPermissionType.ALLOW) word = e.permissionType() + ":" + word;
        if (!"*".equals(e.host())) word += "@" + e.host();
        return word;
    }

    /** Every binding of the principal, whatever resource, host or permission. */
    static AclBindingFilter allOf(String login) {
        return new AclBindingFilter(ResourcePatternFilter.ANY,
                new AccessControlEntryFilter(principal(login), null, AclOperation.ANY, AclPermissionType.ANY));
    }

    private static List<ResourcePattern> patterns(AccessScope.Topics scope) {
        List<ResourcePattern> out = new ArrayList<>();
        for (String t : KafkaKind.checkedPatterns(scope.topics(), "properties.access.topics")) out.add(pattern(ResourceType.TOPIC, t));
        for (String g : KafkaKind.checkedPatterns(scope.groups(), "properties.access.groups")) out.add(pattern(ResourceType.GROUP, g));
        return out;
    }

    private static ResourcePattern pattern(ResourceType type, String pattern) {
        return new ResourcePattern(type, KafkaKind.stem(pattern), KafkaKind.isPrefix(pattern) ? PatternType.PREFIXED : PatternType.LITERAL);
    }
}
