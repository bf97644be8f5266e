package dev.switchboard.core.target;

import java.util.List;

/**
 * What a connection's login may touch on its target: the least privilege it is granted. One record per shape
 * of permission; a target kind turns the linker's request into one of these (validating every name) before any
 * step is planned, so providers only ever see checked values.
 */
public sealed interface AccessScope {

    /** A short, secret-free description for dry runs and events. */
    String describe();

    /** PostgreSQL (database + schema) and MySQL/MariaDB ({@code schema} null): DML on one database. */
    record Database(String database, String schema) implements AccessScope {
        @Override public String describe() {
            return schema == null ? "database " + database : "database " + database + ", schema " + schema;
        }
    }

    /**
     * Redis ACL: {@code keyPattern} (e.g. {@code app:*}), {@code channelPattern} for pub/sub, and the command rules
     * in ACL syntax ({@code +@all}, {@code -@admin}, …) in order.
     */
    record Keys(String keyPattern, String channelPattern, List<String> commandRules) implements AccessScope {
        public Keys {
            commandRules = List.copyOf(commandRules);
        }

        @Override public String describe() {
            return "keys " + keyPattern + ", channels " + channelPattern + ", commands " + String.join(" ", commandRules);
        }
    }

    /** RabbitMQ: permissions on one virtual host, as the three regular expressions RabbitMQ uses. */
    record Vhost(String vhost, String configure, String write, String read) implements AccessScope {
        @Override public String describe() {
            return "vhost " + vhost + " (configure '" + configure + "', write '" + write + "', read '" + read + "')";
        }
    }

    /** MQTT topic filters or NATS subjects the login may publish to and subscribe to (wildcards in the target's syntax). */
    record Subjects(List<String> publish, List<String> subscribe) implements AccessScope {
        public Subjects {
            publish = List.copyOf(publish);
            subscribe = List.copyOf(subscribe);
        }

        @Override public String describe() {
            return "publish " + publish + ", subscribe " + subscribe;
        }
    }

    /**
     * Kafka ACLs: topics the login may produce to and consume from, and consumer groups it may use. A name ending
     * in {@code *} is a prefix (a PREFIXED ACL); any other name is literal.
     */
    record Topics(List<String> topics, List<String> groups) implements AccessScope {
        public Topics {
            topics = List.copyOf(topics);
            groups = List.copyOf(groups);
        }

        @Override public String describe() {
            return "topics " + topics + ", groups " + groups;
        }
    }
}
