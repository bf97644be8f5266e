package dev.switchboard.cli;

/**
 * Target types of {@code connection create|update <target>}: the az name, the ARM type of the
 * server and the child type addressed by {@code --database} ({@code --vhost}); null when a
 * connection targets the server itself.
 */
enum TargetKind {
  POSTGRES_FLEXIBLE(
      "postgres-flexible", "Microsoft.DBforPostgreSQL/flexibleServers", "databases", "PostgreSQL"),
  MYSQL_FLEXIBLE("mysql-flexible", "Microsoft.DBforMySQL/flexibleServers", "databases", "MySQL"),
  REDIS("redis", "Microsoft.Cache/redis", null, "Redis"),
  RABBITMQ("rabbitmq", "Switchboard.Messaging/rabbitMQServers", "vhosts", "RabbitMQ"),
  MQTT("mqtt", "Switchboard.Messaging/mqttBrokers", null, "MQTT"),
  NATS("nats", "Switchboard.Messaging/natsServers", null, "NATS"),
  KAFKA("kafka", "Switchboard.Messaging/kafkaClusters", null, "Kafka");

  final String command;
  final String serverType;
  final String childType;
  final String product;

  TargetKind(String command, String serverType, String childType, String product) {
    this.command = command;
    this.serverType = serverType;
    this.childType = childType;
    this.product = product;
  }

  /** The ARM type for an az target name ({@code postgres-flexible}), or the input when unknown. */
  static String armType(String nameOrType) {
    for (TargetKind k : values()) {
      if (k.command.equalsIgnoreCase(nameOrType)) {
        return k.serverType;
      }
    }
    return nameOrType;
  }
}
