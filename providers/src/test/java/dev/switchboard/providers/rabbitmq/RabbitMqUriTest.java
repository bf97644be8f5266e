package dev.switchboard.providers.rabbitmq;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.switchboard.core.config.ConfigItem;
import dev.switchboard.core.kinds.rabbitmq.RabbitMqConfigurationNames;
import dev.switchboard.core.kinds.rabbitmq.RabbitMqConnectionInfo;
import dev.switchboard.core.linker.ClientType;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.target.AccessScope;
import dev.switchboard.core.target.TargetStep.EnsureLogin;
import dev.switchboard.core.target.TargetStep.GrantAccess;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.switchboard.providers.rabbitmq.RabbitTestSupport.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

/** The configured AMQP URI as amqp-client itself reads it ({@code ConnectionFactory.setUri}), and then used for real. */
class RabbitMqUriTest {

    @Provide
    Arbitrary<String> hostile() {
        return Arbitraries.of("a", "Z", "9", ":", "@", "/", "%", "%2F", "+", " ", "?", "#", "&", "=", "'", "\"", "\\", ";",
                "é", "日本", "\uD83D\uDE00", "*", "~").list().ofMinSize(1).ofMaxSize(8).map(l -> String.join("", l));
    }

    @Property(tries = 200)
    void amqpClientReadsBackUserPasswordAndVhost(@ForAll("hostile") String user, @ForAll("hostile") String password,
                                                 @ForAll("hostile") String vhost) throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setUri(uri(user, vhost, password));
        assertThat(f.getUsername()).isEqualTo(user);
        assertThat(f.getPassword()).isEqualTo(password);
        assertThat(f.getVirtualHost()).isEqualTo(vhost);
        assertThat(f.getHost()).isEqualTo("127.0.0.1");
        assertThat(f.getPort()).isEqualTo(5672);
    }

    /** A connection's user logs in to its vhost with nothing but the projected URL. */
    @Test
    void theProjectedUrlConnects() throws Exception {
        RabbitTestSupport.ensureManagement();
        String prefix = RabbitTestSupport.prefix();
        String vhost = prefix + "/v %";
        String login = prefix + "_u:@";
        String password = "p@ss:/ %2F" + prefix;
        try (RabbitMqProvider provider = new RabbitMqProvider(Duration.ofSeconds(3))) {
            provider.ensureDatabase(ADMIN, vhost);
            provider.apply(ADMIN, new EnsureLogin(login, Secret.of(password)));
            provider.apply(ADMIN, new GrantAccess(login, new AccessScope.Vhost(vhost, ".*", ".*", ".*")));
            ConnectionFactory f = new ConnectionFactory();
            f.setUri(uri(login, vhost, password));
            try (Connection c = f.newConnection()) {
                assertThat(c.isOpen()).isTrue();
            }
        } finally {
            RabbitTestSupport.deleteEverything(prefix);
        }
        assertThat(RabbitTestSupport.userNames(prefix)).isEmpty();
        assertThat(RabbitTestSupport.vhostNames(prefix)).isEmpty();
    }

    private static String uri(String user, String vhost, String password) {
        ConfigItem url = RabbitMqConfigurationNames.items(ClientType.JAVA, new RabbitMqConnectionInfo("127.0.0.1", 5672, vhost, user), "").get(0);
        return url.resolve(password);
    }
}
