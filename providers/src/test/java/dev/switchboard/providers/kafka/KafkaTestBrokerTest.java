package dev.switchboard.providers.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The test broker starts, the admin logs in with its bootstrapped SCRAM credential, and it stops. */
class KafkaTestBrokerTest {
    @Test
    void startsAndStops() throws Exception {
        long t0 = System.nanoTime();
        try (KafkaTestBroker broker = KafkaTestBroker.start()) {
            System.out.println("broker start ms: " + (System.nanoTime() - t0) / 1_000_000);
            try (Admin a = broker.admin()) {
                assertThat(a.describeCluster().nodes().get(10, TimeUnit.SECONDS)).hasSize(1);
            }
        }
    }
}
