package dev.switchboard.engine.revisions;

import dev.switchboard.core.compute.AppHost;
import dev.switchboard.core.compute.AppObservation;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.plan.ConfigurationDelivery;
import dev.switchboard.core.linker.ValidationItem;
import dev.switchboard.core.store.Footprint;
import dev.switchboard.engine.LinkerValidator;
import dev.switchboard.engine.Stores;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What a new revision must pass before it gets traffic: its processes become ready (listening, readiness probes
 * passing), then every connection of the app validates from the revision's own live environment (the values the
 * process holds are the configured ones, and they log in to the target).
 */
public final class SmokeTest {
    /** A failed smoke test: what failed, in words, and per connection the checks that failed. */
    public record Failure(String reason, List<ConnectionFailure> connectionFailures) { }

    /** One check of one connection that failed from the revision's environment. */
    public record ConnectionFailure(ResourceId linker, String check, String message) {
        @Override
        public String toString() {
            return "connection '" + linker.name() + "' failed check '" + check + "': " + message;
        }
    }

    private final AppHost host;
    private final Stores stores;
    private final LinkerValidator validator;
    private final Duration readyTimeout;

    public SmokeTest(AppHost host, Stores stores, LinkerValidator validator, Duration readyTimeout) {
        this.host = host;
        this.stores = stores;
        this.validator = validator;
        this.readyTimeout = readyTimeout;
    }

    /** Null when {@code revision} of {@code app} passed; {@code mustServe}: its processes must listen on their PORT. */
    public Failure run(ResourceId app, ResourceId revision, boolean mustServe) {
        String notReady = host.awaitReady(revision, readyTimeout, mustServe);
        if (notReady != null) return new Failure("its processes did not become ready: " + notReady, List.of());
        AppObservation observed = host.observe(revision).orElse(null);
        if (observed == null) return new Failure("its processes are gone", List.of());
        List<ConnectionFailure> failures = validateConnections(app, observed);
        return failures.isEmpty() ? null : new Failure("connections failed validation from its environment: "
                + String.join("; ", failures.stream().map(ConnectionFailure::toString).toList()), failures);
    }

    private List<ConnectionFailure> validateConnections(ResourceId app, AppObservation observed) {
        List<Footprint> connections = stores.footprints().footprintsOfSource(app).stream()
                .filter(f -> !f.projected().isEmpty()).filter(f -> carried(f, observed)).toList();
        List<ConnectionFailure> failures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<List<ValidationItem>>> checks = new ArrayList<>();
            for (Footprint f : connections) checks.add(pool.submit(() -> validator.validateFrom(f, observed)));
            for (int i = 0; i < connections.size(); i++) {
                for (ValidationItem item : join(checks.get(i))) {
                    if (item.result() == ValidationItem.Result.FAILURE) {
                        failures.add(new ConnectionFailure(connections.get(i).linker(), item.name(), item.errorMessage()));
                    }
                }
            }
        }
        return failures;
    }

    /**
     * A revision is checked for the connections its resource gives it: one whose settings the template left out (a
     * classic-mode redeploy wiped them) is not this revision's to validate; the reconciler heals it into the next one.
     */
    private static boolean carried(Footprint f, AppObservation observed) {
        List<String> settings = f.projected().stream().map(i -> i.name()).filter(n -> !ConfigurationDelivery.isBindingFile(n)).toList();
        AppObservation.Replica primary = observed.primary();
        // An environment that cannot be read (empty: not even PATH) proves nothing: the connection is validated.
        if (settings.isEmpty() || primary == null || primary.liveEnvironment().isEmpty()) return true;
        return settings.stream().anyMatch(primary.liveEnvironment()::containsKey);
    }

    private static List<ValidationItem> join(Future<List<ValidationItem>> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of(ValidationItem.failure("Interrupted", "The check finished", "Interrupted", "interrupted"));
        } catch (java.util.concurrent.ExecutionException e) {
            return List.of(ValidationItem.failure("Validation", "The connection validates", "ValidationFailed",
                    String.valueOf(e.getCause().getMessage())));
        }
    }
}
