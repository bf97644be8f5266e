package dev.switchboard.providers.kafka;

import dev.switchboard.core.config.ValueFormat;
import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.failure.TransientFailure;
import dev.switchboard.core.target.TargetEndpoint;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialsDescription;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.errors.ResourceNotFoundException;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The administrator's reads the provider builds on, and the one place an admin client is borrowed from the pool
 * and given back ({@link #withAdmin}), which also maps every failure through {@link KafkaErrors}.
 */
final class KafkaAdminCalls implements AutoCloseable {
    private final KafkaClients clients;
    private final KafkaAdminPool pool;

    KafkaAdminCalls(KafkaClients clients, KafkaAdminPool pool) {
        this.clients = clients;
        this.pool = pool;
    }

    @FunctionalInterface
    interface AdminWork<T> {
        T run(Admin admin) throws Exception;
    }

    /**
     * Runs {@code work} with the endpoint's pooled admin client; failures name the cluster and {@code what}, never a
     * secret. A failure of our own (a {@link TerminalFailure} or {@link TransientFailure} the work raised) keeps the
     * client; any other failure may be the client's (a dropped connection, a refused login), so it is not reused.
     */
    <T> T withAdmin(TargetEndpoint endpoint, String what, AdminWork<T> work, String... secrets) {
        List<String> masked = new ArrayList<>();
        for (String s : secrets) {
            masked.add(s);
            masked.add(ValueFormat.JAAS.encode(s));
        }
        if (endpoint.adminPassword() != null) {
            masked.add(endpoint.adminPassword().reveal());
            masked.add(ValueFormat.JAAS.encode(endpoint.adminPassword().reveal()));
        }
        String where = "Kafka at " + KafkaClients.address(endpoint) + ": " + what;
        String password = endpoint.adminPassword() == null ? "" : endpoint.adminPassword().reveal();
        try (KafkaAdminPool.Lease lease = pool.borrow(KafkaClients.address(endpoint), endpoint.adminLogin(), password,
                KafkaClients.securityProtocol(endpoint), KafkaClients.mechanism(endpoint).mechanismName(), () -> clients.admin(endpoint))) {
            try {
                return work.run(lease.admin());
            } catch (TerminalFailure | TransientFailure e) {
                throw e;
            } catch (Exception e) {
                lease.discard();
                throw e;
            }
        } catch (RuntimeException e) {
            if (e instanceof TerminalFailure || e instanceof TransientFailure) throw e;
            throw KafkaErrors.map(e, where, masked);
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            throw KafkaErrors.map(e, where, masked);
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    /** The mechanisms {@code login} has a SCRAM credential for; empty when the user does not exist. */
    Set<ScramMechanism> scramMechanisms(Admin a, String login) throws Exception {
        try {
            UserScramCredentialsDescription d = a.describeUserScramCredentials(List.of(login)).description(login).get();
            Set<ScramMechanism> out = EnumSet.noneOf(ScramMechanism.class);
            for (ScramCredentialInfo i : d.credentialInfos()) out.add(i.mechanism());
            return out;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ResourceNotFoundException) return EnumSet.noneOf(ScramMechanism.class);
            throw e;
        }
    }

    /** Every ACL binding of the principal {@code User:<login>}. */
    Set<AclBinding> bindingsOf(Admin a, String login) throws Exception {
        return new LinkedHashSet<>(a.describeAcls(KafkaAcls.allOf(login)).values().get());
    }

    /** Waits until the broker reports exactly {@code expected} mechanisms for {@code login} (bounded by the API timeout). */
    void awaitMechanisms(Admin a, String login, Set<ScramMechanism> expected) throws Exception {
        long deadline = System.nanoTime() + clients.apiTimeout().toNanos();
        while (!scramMechanisms(a, login).equals(expected) && System.nanoTime() < deadline) TimeUnit.MILLISECONDS.sleep(50);
    }

    /** Waits until the broker's authorizer holds all of {@code bindings} ({@code present}) or none of them. */
    void awaitBindings(Admin a, String login, Set<AclBinding> bindings, boolean present) throws Exception {
        long deadline = System.nanoTime() + clients.apiTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            Set<AclBinding> held = bindingsOf(a, login);
            boolean done = present ? held.containsAll(bindings) : bindings.stream().noneMatch(held::contains);
            if (done) return;
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }
}
