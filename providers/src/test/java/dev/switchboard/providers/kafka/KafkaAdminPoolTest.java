package dev.switchboard.providers.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin-client pool: one client per credentials while in use or recently used, never across a password change. */
class KafkaAdminPoolTest {
    private final List<Admin> opened = new ArrayList<>();
    private final List<Admin> closed = new ArrayList<>();
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final Clock clock = new Clock() {
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    };
    private final KafkaAdminPool pool = new KafkaAdminPool(Duration.ofSeconds(30), clock);

    /** A stand-in admin client that only records being closed: the pool never calls anything else. */
    private Admin open() {
        AtomicInteger id = new AtomicInteger(opened.size());
        Admin admin = (Admin) Proxy.newProxyInstance(Admin.class.getClassLoader(), new Class<?>[]{Admin.class}, (proxy, method, args) -> {
            if (method.getName().equals("close")) closed.add((Admin) proxy);
            if (method.getName().equals("toString")) return "admin" + id.get();
            if (method.getName().equals("hashCode")) return id.get();
            if (method.getName().equals("equals")) return proxy == args[0];
            return null;
        });
        opened.add(admin);
        return admin;
    }

    private Admin borrowAndReturn(String password) {
        try (KafkaAdminPool.Lease lease = pool.borrow("h:9092", "admin", password, "SASL_PLAINTEXT", "SCRAM-SHA-256", this::open)) {
            return lease.admin();
        }
    }

    @Test
    void theStepsOfOneOperationShareOneClient() {
        Admin first = borrowAndReturn("pw");
        now = now.plusSeconds(10);
        Admin second = borrowAndReturn("pw");
        assertThat(second).isSameAs(first);
        assertThat(opened).hasSize(1);
        assertThat(closed).isEmpty();
    }

    @Test
    void aChangedPasswordNeverReusesTheOldClient() {
        Admin old = borrowAndReturn("pw");
        Admin fresh = borrowAndReturn("new-pw");
        assertThat(fresh).isNotSameAs(old);
        assertThat(opened).hasSize(2);
    }

    @Test
    void aClientIdleLongerThanTheLimitIsClosedAndReplaced() {
        Admin old = borrowAndReturn("pw");
        now = now.plusSeconds(31);
        Admin fresh = borrowAndReturn("pw");
        assertThat(fresh).isNotSameAs(old);
        assertThat(closed).containsExactly(old);
    }

    @Test
    void aDiscardedClientIsClosedWhenGivenBackAndNotLentAgain() {
        Admin bad;
        try (KafkaAdminPool.Lease lease = pool.borrow("h:9092", "admin", "pw", "SASL_PLAINTEXT", "SCRAM-SHA-256", this::open)) {
            bad = lease.admin();
            lease.discard();
            assertThat(closed).as("still in use").isEmpty();
        }
        assertThat(closed).containsExactly(bad);
        assertThat(borrowAndReturn("pw")).isNotSameAs(bad);
    }

    @Test
    void closingThePoolClosesWhatItKeeps() {
        Admin kept = borrowAndReturn("pw");
        pool.close();
        assertThat(closed).containsExactly(kept);
    }
}
