package dev.switchboard.server;

import dev.switchboard.core.access.AccessPolicy;
import dev.switchboard.core.compute.AppHost;
import dev.switchboard.core.secret.PasswordGenerator;
import dev.switchboard.core.target.TargetEndpoint;
import dev.switchboard.engine.AppProjector;
import dev.switchboard.engine.ConnectionSecrets;
import dev.switchboard.engine.PasswordPlanner;
import dev.switchboard.engine.DryrunService;
import dev.switchboard.engine.LinkerPreparer;
import dev.switchboard.engine.LinkerService;
import dev.switchboard.engine.LinkerValidator;
import dev.switchboard.engine.OperationRunner;
import dev.switchboard.engine.OperationTracker;
import dev.switchboard.engine.RetryPolicy;
import dev.switchboard.engine.RotationScheduler;
import dev.switchboard.engine.StepExecutor;
import dev.switchboard.engine.TargetFaults;
import dev.switchboard.engine.FaultInjector;
import dev.switchboard.engine.Stores;
import dev.switchboard.engine.TargetResolver;
import dev.switchboard.engine.TargetWait;
import dev.switchboard.engine.resources.AppHandler;
import dev.switchboard.engine.resources.TargetHandlers;
import dev.switchboard.engine.resources.VaultHandler;
import dev.switchboard.engine.resources.VaultSecretHandler;
import dev.switchboard.engine.TargetKinds;
import dev.switchboard.engine.export.ConnectionExports;
import dev.switchboard.core.kinds.kafka.KafkaKind;
import dev.switchboard.core.kinds.mqtt.MqttKind;
import dev.switchboard.providers.kafka.KafkaProvider;
import dev.switchboard.core.kinds.mysql.MysqlKind;
import dev.switchboard.core.kinds.nats.NatsKind;
import dev.switchboard.providers.nats.NatsProvider;
import dev.switchboard.core.kinds.rabbitmq.RabbitMqKind;
import dev.switchboard.providers.mqtt.MqttProvider;
import dev.switchboard.providers.rabbitmq.RabbitMqProvider;
import dev.switchboard.core.kinds.postgres.PostgresKind;
import dev.switchboard.core.kinds.redis.RedisKind;
import dev.switchboard.providers.mysql.MysqlProvider;
import dev.switchboard.providers.redis.RedisProvider;
import dev.switchboard.engine.resources.ResourceHandler;
import dev.switchboard.engine.resources.ResourceService;
import dev.switchboard.providers.local.LocalAppHost;
import dev.switchboard.engine.ConnectionValues;
import dev.switchboard.engine.TargetReturns;
import dev.switchboard.engine.deploy.DeploymentService;
import dev.switchboard.engine.Reconciler;
import dev.switchboard.server.cluster.LeaderForwarder;
import dev.switchboard.server.cluster.Leadership;
import dev.switchboard.engine.resources.RevisionHandler;
import dev.switchboard.engine.revisions.AppRuntime;
import dev.switchboard.engine.revisions.RevisionRollout;
import dev.switchboard.engine.revisions.RevisionStore;
import dev.switchboard.engine.revisions.SmokeTest;
import dev.switchboard.providers.postgres.PostgresProvider;
import dev.switchboard.server.api.ApiRouter;
import dev.switchboard.server.api.AuditEndpoints;
import dev.switchboard.server.api.AuditTrail;
import dev.switchboard.server.api.RequestHandler;
import dev.switchboard.server.api.DryrunEndpoints;
import dev.switchboard.server.api.LinkerEndpoints;
import dev.switchboard.server.api.MetadataEndpoints;
import dev.switchboard.server.api.RequestAccess;
import dev.switchboard.server.api.ResourceEndpoints;
import dev.switchboard.server.api.TokenEndpoints;
import dev.switchboard.store.SqlStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One Switchboard process: store, providers, engine and HTTP face, wired by hand. Closing it stops everything it
 * started, in reverse order.
 */
public final class SwitchboardServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SwitchboardServer.class);
    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
    private final DataDirectory data;
    private final SqlStore store;
    private final LinkerService linkers;
    private final RotationScheduler rotations;
    private final ResourceService resources;
    private final LocalAppHost host;
    private final AppRuntime apps;
    /** How often due rotations are looked for. */
    static final Duration ROTATION_CHECK = Duration.ofMinutes(1);
    private final HttpFace http;
    /** Rotations on schedule, retries of connections whose target is back, drift: on the leader only, once it leads. */
    private final java.util.List<PeriodicTask> periodic = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final TargetReturns targetReturns;
    private final Reconciler reconciler;
    private final String url;
    private final String bootstrapToken;

    private SwitchboardServer(ServerConfig config, FaultInjector faults) {
        data = config.shared().map(s -> new DataDirectory(config.dataDir(), s.sharedDir())).orElse(new DataDirectory(config.dataDir()));
        Optional<TargetEndpoint> postgres = config.postgres().isPresent() || !config.embeddedPostgres()
                ? config.postgres() : Optional.of(startEmbedded());
        store = config.shared().map(s -> SqlStore.postgres(s.url(), s.user(),
                        s.password().reveal().isEmpty() ? null : s.password().reveal(), data.masterKeyFile()))
                .orElseGet(() -> new SqlStore(data.storeFile(), data.masterKeyFile()));
        closeables.push(store);
        Stores stores = new Stores(store, store, store, store, store);
        PostgresProvider pg = new PostgresProvider(Duration.ofSeconds(5), config.adminSessionIdle());
        closeables.push(pg);
        host = new LocalAppHost(data.apps(), config.clock(), Duration.ofSeconds(30), config.baseEnvironment());
        host.setLeaveRunning(config.leaveAppsRunning());
        closeables.push(host);
        TargetResolver targets = new TargetResolver(stores, targetKinds(pg, config));
        SecureRandom random = new SecureRandom();
        PasswordGenerator passwords = new PasswordGenerator(random);
        ConnectionSecrets secrets = new ConnectionSecrets(stores, store, passwords, config.clock());
        ConnectionValues values = new ConnectionValues(stores, secrets);
        RevisionStore revisionStore = new RevisionStore(store, config.clock());
        apps = new AppRuntime(host, revisionStore);
        LinkerValidator validator = new LinkerValidator(targets, values, apps, secrets);
        RevisionRollout rollout = new RevisionRollout(revisionStore, store, host,
                new SmokeTest(host, stores, validator, Duration.ofSeconds(30)), store, config.clock());
        AppProjector projector = new AppProjector(stores, host, values, rollout, revisionStore);
        OperationTracker tracker = new OperationTracker(stores, store, config.clock());
        closeables.push(tracker);
        TargetFaults targetFaults = new TargetFaults(RetryPolicy.DEFAULT, config.clock());
        OperationRunner runner = new OperationRunner(stores, new StepExecutor(stores, secrets, targets, projector, validator,
                targetFaults, config.clock()), RetryPolicy.DEFAULT, config.clock(), faults);
        LinkerPreparer preparer = new LinkerPreparer(stores, targets, passwords,
                new PasswordPlanner(stores, store, secrets, passwords), secrets, targetFaults);
        linkers = new LinkerService(stores, preparer, runner, tracker, validator, projector, secrets,
                new TargetWait(config.targetWait(), config.clock()), config.clock());
        Map<String, ResourceHandler> handlers = new LinkedHashMap<>(TargetHandlers.of(stores, targets,
                postgres.map(p -> Map.of("postgresql", p)).orElse(Map.of())));
        handlers.put("microsoft.app/containerapps", new AppHandler(stores, projector));
        handlers.put("microsoft.web/sites", new AppHandler(stores, projector));
        handlers.put(RevisionHandler.TYPE, new RevisionHandler(host));
        handlers.put(VaultHandler.TYPE, new VaultHandler(store, store, secrets));
        handlers.put(VaultSecretHandler.TYPE, new VaultSecretHandler(store, store, config.clock(), secrets));
        resources = new ResourceService(stores, handlers, projector::remove, config.clock());
        rotations = new RotationScheduler(stores, linkers);
        targetReturns = new TargetReturns(stores, targets, linkers);
        reconciler = new Reconciler(stores, targets, apps, values, linkers, config.clock());
        closeables.push(() -> periodic.forEach(PeriodicTask::close));
        Runnable duties = () -> leaderDuties(config, projector);
        // One replica alone leads from the start, before it answers anyone; replicas elect one once they listen.
        if (config.shared().isEmpty()) duties.run();
        bootstrapToken = new BootstrapToken(data, store, random, config.clock()).ensure();
        http = new HttpFace(router(config, stores, preparer, targets, random, projector), new TokenAuthenticator(store), config.host(), config.port()).start();
        closeables.push(http);
        url = "http://" + config.host() + ":" + http.port();
        config.shared().ifPresent(s -> elect(s, config, duties));
        data.writeServerInfo(url, ServerConfig.SUBSCRIPTION);
    }

    /** What only the leader does: finish or undo what the journal left, run the apps, rotate on schedule. */
    private void leaderDuties(ServerConfig config, AppProjector projector) {
        int recovered = linkers.recoverInterrupted("switchboard");
        if (recovered > 0) LOG.info("recovered {} interrupted operation(s)", recovered);
        restartApps(resources, projector);
        if (!periodic.isEmpty()) return;
        periodic.add(new PeriodicTask("rotations", ROTATION_CHECK, () -> rotations.rotateDue(config.clock().instant())));
        if (!config.targetRetryPeriod().isZero()) {
            periodic.add(new PeriodicTask("target-returns", config.targetRetryPeriod(), targetReturns::retryReturned));
        }
        if (!config.reconcilePeriod().isZero()) {
            periodic.add(new PeriodicTask("reconciler", config.reconcilePeriod(), reconciler::reconcileOnce));
            // A write (an app redeployed, a database made again) is looked at at once: its connections may have drifted.
            resources.onWritten(id -> Thread.ofVirtual().name("reconcile-on-write").start(() -> reconcileTouching(id)));
        }
    }

    private void reconcileTouching(dev.switchboard.core.id.ResourceId written) {
        try {
            reconciler.reconcileTouching(written);
        } catch (RuntimeException e) {
            LOG.warn("{}: connections not reconciled after its write: {}", written, e.getMessage());
        }
    }

    /** Takes part in the leader election; until this replica leads, it forwards writes to the one that does. */
    private void elect(SharedStore shared, ServerConfig config, Runnable duties) {
        Leadership leadership = new Leadership(store, shared.replica(), url, config.clock(), duties);
        closeables.push(leadership);
        LeaderForwarder forwarder = new LeaderForwarder(leadership);
        http.forwardWith(forwarder::forward, () -> Map.of("X-Switchboard-Replica", shared.replica(),
                "X-Switchboard-Leader", leadership.leaderHint().orElse("none")));
        leadership.start();
    }

    /** Every kind of target this server connects to, each with the provider that realises it. */
    private TargetKinds targetKinds(PostgresProvider pg, ServerConfig config) {
        Duration connect = Duration.ofSeconds(5);
        MysqlProvider mysql = new MysqlProvider(connect);
        closeables.push(mysql);
        RabbitMqProvider rabbit = new RabbitMqProvider(connect);
        closeables.push(rabbit);
        // Kept as long as PostgreSQL's administrator sessions: one setting for every pooled administrator connection.
        KafkaProvider kafka = new KafkaProvider(connect, config.adminSessionIdle(), config.clock());
        closeables.push(kafka);
        return TargetKinds.builder()
                .add(new PostgresKind(), pg, pg)
                .add(new MysqlKind(), mysql, mysql)
                .add(new RedisKind(), new RedisProvider(connect))
                .add(new RabbitMqKind(), rabbit, rabbit)
                .add(new MqttKind(), new MqttProvider(connect))
                .add(new NatsKind(), new NatsProvider(connect))
                .add(new KafkaKind(), kafka)
                .build();
    }

    /** The API's endpoints, behind the access policy that every request passes. */
    private RequestHandler router(ServerConfig config, Stores stores, LinkerPreparer preparer, TargetResolver targets, SecureRandom random,
                                  AppProjector projector) {
        AccessPolicy policy = new AccessPolicy();
        ApiRouter router = new ApiRouter(new ResourceEndpoints(resources, apps, host, projector::revisionAction,
                new DeploymentService(stores, resources, linkers, config.clock())), new LinkerEndpoints(linkers, resources, store, store,
                new ConnectionExports(stores, targets.kinds())),
                new DryrunEndpoints(new DryrunService(stores, preparer, config.clock()), resources), new MetadataEndpoints(targets.kinds()),
                new TokenEndpoints(store, policy, random, config.clock()), new RequestAccess(policy, store), new AuditEndpoints(store));
        return new AuditTrail(router, store, store, config.clock());
    }

    public static SwitchboardServer start(ServerConfig config) {
        return new SwitchboardServer(config, HaltAtFaultPoint.of(config.haltAt()));
    }

    /** For fault tests: {@code faults} is called at every step boundary (instead of {@code config.haltAt()}). */
    public static SwitchboardServer start(ServerConfig config, FaultInjector faults) {
        return new SwitchboardServer(config, faults);
    }

    private TargetEndpoint startEmbedded() {
        EmbeddedDefaultPostgres embedded = EmbeddedDefaultPostgres.start(data);
        closeables.push(embedded);
        return embedded.endpoint();
    }

    /** Apps are the realisation of stored state: after a restart each is adopted or started again. */
    private void restartApps(ResourceService resources, AppProjector projector) {
        for (var group : resources.list(dev.switchboard.core.id.ResourceId.subscription(ServerConfig.SUBSCRIPTION),
                "Microsoft.Resources/resourceGroups")) {
            for (var r : store.under(group.id())) {
                if (!AppProjector.isApp(r.id())) continue;
                try {
                    projector.project(r.id());
                } catch (RuntimeException e) {
                    LOG.warn("could not start app {}: {}", r.id(), e.getMessage());
                }
            }
        }
    }

    public String url() { return url; }
    public LinkerService linkers() { return linkers; }
    public RotationScheduler rotations() { return rotations; }
    public TargetReturns targetReturns() { return targetReturns; }
    /** Drift found and healed or reported: the leader runs a round every {@code reconcilePeriod}; tests call it. */
    public Reconciler reconciler() { return reconciler; }
    public ResourceService resources() { return resources; }
    /** The bootstrap token (an Owner over everything), as the data directory's token file holds it. */
    public String token() { return bootstrapToken; }
    public DataDirectory dataDirectory() { return data; }
    public SqlStore store() { return store; }
    public AppHost appHost() { return host; }
    /** Apps as they run: a container app through the revision that serves it. */
    public AppRuntime apps() { return apps; }
    public LocalAppHost localAppHost() { return host; }

    @Override
    public void close() {
        data.clearServerInfo();
        while (!closeables.isEmpty()) {
            try {
                closeables.pop().close();
            } catch (Exception e) {
                LOG.warn("error while stopping: {}", e.getMessage());
            }
        }
    }
}
