package dev.switchboard.providers.kafka;

import org.apache.kafka.clients.admin.Admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Keeps one admin client per cluster, administrator and password while it is in use or was used less than
 * {@code maxIdle} ago, so the steps of one operation (observe, set up the login, grant, their waits) share it instead
 * of each opening a client: a new client costs a bootstrap connection, a SCRAM exchange and a metadata fetch before
 * its first request, more than the request. An admin client is thread-safe, so borrowers share it; it is closed once
 * idle for too long (checked on every borrow), when a call through it failed in a way that may concern the client
 * itself, and when the provider closes. With {@code maxIdle} zero every borrow gets a client of its own.
 */
final class KafkaAdminPool implements AutoCloseable {
    private final Duration maxIdle;
    private final Clock clock;
    private final Map<String, Entry> entries = new HashMap<>();

    private static final class Entry {
        final Admin admin;
        int borrowers;
        Instant lastReturned;
        boolean discarded;

        Entry(Admin admin, Instant now) {
            this.admin = admin;
            this.lastReturned = now;
        }
    }

    /** A borrowed client; {@link #close} gives it back (or closes it when discarded or not pooled). */
    final class Lease implements AutoCloseable {
        private final String key;
        private final Entry entry;

        private Lease(String key, Entry entry) {
            this.key = key;
            this.entry = entry;
        }

        Admin admin() {
            return entry.admin;
        }

        /** The call failed: no later borrower gets this client. */
        void discard() {
            synchronized (KafkaAdminPool.this) {
                entry.discarded = true;
                entries.remove(key, entry);
            }
        }

        @Override
        public void close() {
            giveBack(key, entry);
        }
    }

    KafkaAdminPool(Duration maxIdle, Clock clock) {
        this.maxIdle = maxIdle;
        this.clock = clock;
    }

    /** {@code open} makes the client when none is pooled for these credentials; it runs outside the pool's lock. */
    Lease borrow(String address, String user, String password, String protocol, String mechanism, Supplier<Admin> open) {
        String key = key(address, user, password, protocol, mechanism);
        closeAll(expired());
        synchronized (this) {
            Entry e = maxIdle.isZero() ? null : entries.get(key);
            if (e != null) {
                e.borrowers++;
                return new Lease(key, e);
            }
        }
        Entry fresh = new Entry(open.get(), clock.instant());
        fresh.borrowers = 1;
        synchronized (this) {
            if (!maxIdle.isZero()) entries.putIfAbsent(key, fresh);
        }
        return new Lease(key, fresh);
    }

    private void giveBack(String key, Entry entry) {
        boolean close;
        synchronized (this) {
            entry.borrowers--;
            entry.lastReturned = clock.instant();
            // Not pooled (two opened at once for one key, or pooling off) or discarded: the last borrower closes it.
            close = entry.borrowers == 0 && (entry.discarded || entries.get(key) != entry);
        }
        if (close) closeQuietly(entry.admin);
    }

    private synchronized List<Admin> expired() {
        List<Admin> out = new ArrayList<>();
        Instant now = clock.instant();
        entries.values().removeIf(e -> {
            boolean idle = e.borrowers == 0 && Duration.between(e.lastReturned, now).compareTo(maxIdle) >= 0;
            if (idle) out.add(e.admin);
            return idle;
        });
        return out;
    }

    @Override
    public void close() {
        List<Admin> all;
        synchronized (this) {
            all = entries.values().stream().map(e -> e.admin).toList();
            entries.clear();
        }
        closeAll(all);
    }

    private static void closeAll(List<Admin> admins) {
        admins.forEach(KafkaAdminPool::closeQuietly);
    }

    private static void closeQuietly(Admin admin) {
        try {
            admin.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            // it is being discarded anyway
        }
    }

    /** The password is part of the key (hashed): a changed password never reuses a client logged in with the old one. */
    private static String key(String... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                sha.update((part == null ? "" : part).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
