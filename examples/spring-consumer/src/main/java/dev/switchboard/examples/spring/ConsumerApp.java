package dev.switchboard.examples.spring;

import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;

/**
 * A Spring Boot app that uses only what Spring Boot (and, when on, Spring Cloud Bindings) makes of its environment:
 * it connects to PostgreSQL, and to Redis and RabbitMQ when they are configured, and prints who it logged in as
 * ({@code connected postgresql as <role> to <database>}). It then stays up, as an app under a host does; a failure
 * is printed as {@code failed <kind>: <exception>} (never a configuration value).
 */
@SpringBootApplication
public class ConsumerApp implements CommandLineRunner {
    private final Environment env;
    private final JdbcTemplate jdbc;
    private final ObjectProvider<RedisConnectionFactory> redis;
    private final ObjectProvider<ConnectionFactory> rabbit;

    public ConsumerApp(Environment env, JdbcTemplate jdbc, ObjectProvider<RedisConnectionFactory> redis,
                       ObjectProvider<ConnectionFactory> rabbit) {
        this.env = env;
        this.jdbc = jdbc;
        this.redis = redis;
        this.rabbit = rabbit;
    }

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(ConsumerApp.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.run(args);
    }

    @Override
    public void run(String... args) throws InterruptedException {
        report("postgresql", () -> jdbc.queryForObject("SELECT current_user || ' to ' || current_database()", String.class));
        if (env.containsProperty("spring.data.redis.url") || env.containsProperty("spring.data.redis.username")) {
            report("redis", this::redisUser);
        }
        if (env.containsProperty("spring.rabbitmq.username")) report("rabbitmq", this::rabbitUser);
        System.out.println("consumer ready");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    private String redisUser() {
        try (RedisConnection c = redis.getObject().getConnection()) {
            Object who = c.execute("ACL", "WHOAMI".getBytes(StandardCharsets.UTF_8));
            return new String((byte[]) who, StandardCharsets.UTF_8);
        }
    }

    /** Opening a connection authenticates; the user and vhost printed are those the factory logged in with. */
    private String rabbitUser() {
        ConnectionFactory f = rabbit.getObject();
        try (Connection c = f.createConnection()) {
            return f.getUsername() + " to " + f.getVirtualHost() + (c.isOpen() ? "" : " (closed)");
        }
    }

    private static void report(String kind, java.util.function.Supplier<String> who) {
        try {
            System.out.println("connected " + kind + " as " + who.get());
        } catch (RuntimeException e) {
            System.out.println("failed " + kind + ": " + e.getClass().getName());
        }
        System.out.flush();
    }
}
