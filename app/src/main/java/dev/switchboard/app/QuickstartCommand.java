package dev.switchboard.app;

import dev.switchboard.cli.CliEntry;
import dev.switchboard.cli.CliEnvironment;
import dev.switchboard.core.compute.AppObservation;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.server.ServerConfig;
import dev.switchboard.server.SwitchboardServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Starts Switchboard and, through the same CLI commands a user would type, creates a resource group, a
 * PostgreSQL server and database, the example app and a connection; then prints the validation report and the
 * app's own health answer.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = "Start Switchboard and connect a sample app to PostgreSQL, showing each command it runs.")
final class QuickstartCommand implements Callable<Integer> {
    private static final String RG = "quickstart";
    private final Launch launch;
    private final CliEnvironment cli;

    @Mixin
    ServerOptions options = new ServerOptions();

    @Option(names = "--exit", description = "Stop once the sample is connected (default: keep serving until Ctrl-C).")
    boolean exitWhenDone;

    QuickstartCommand(Launch launch, CliEnvironment cli) {
        this.launch = launch;
        this.cli = cli;
    }

    @Override
    public Integer call() throws Exception {
        Path jar = launch.home().resolve("examples/health-app/target/health-app.jar");
        if (!Files.exists(jar)) {
            cli.err().println("error: the example app is not built (" + jar + "); run bin/switchboard again from the checkout");
            return 1;
        }
        ServerConfig config = options.config(launch);
        SwitchboardServer server = SwitchboardServer.start(config);
        PrintWriter out = cli.out();
        out.println("Switchboard is listening on " + server.url() + " (data: " + server.dataDirectory().root() + ")");
        CliEnvironment env = new CliEnvironment(config.dataDir(), server.url(), false, out, cli.err());
        int status = run(env, jar, server);
        if (status != 0 || exitWhenDone) {
            server.close();
            return status;
        }
        out.println();
        out.println("The app keeps running. In another terminal: bin/switchboard containerapp connection list -g " + RG
                + " -n health-app. Ctrl-C stops Switchboard and its apps.");
        out.flush();
        ServeCommand.awaitShutdown(server);
        return 0;
    }

    private int run(CliEnvironment env, Path jar, SwitchboardServer server) throws Exception {
        String sub = "/subscriptions/" + ServerConfig.SUBSCRIPTION + "/resourceGroups/" + RG;
        String pg = sub + "/providers/Microsoft.DBforPostgreSQL/flexibleServers/quickstart-pg";
        String app = sub + "/providers/Microsoft.App/containerApps/health-app";
        String appProperties = "{\"template\":{\"containers\":[{\"name\":\"health-app\",\"command\":[\""
                + jsonEscape(Launch.currentJava()) + "\",\"-jar\",\"" + jsonEscape(jar.toString()) + "\"]}]}}";
        List<List<String>> steps = List.of(
                List.of("group", "create", "-n", RG),
                List.of("resource", "create", "--id", pg, "--properties", "{}"),
                List.of("resource", "create", "--id", pg + "/databases/appdb", "--properties", "{}"),
                List.of("resource", "create", "--id", app, "--properties", appProperties),
                List.of("containerapp", "connection", "create", "postgres-flexible", "--connection", "appdb",
                        "--source-id", app, "--target-id", pg + "/databases/appdb", "--client-type", "java"),
                List.of("containerapp", "connection", "validate", "--connection", "appdb", "--source-id", app));
        for (List<String> step : steps) {
            env.out().println();
            env.out().println("$ switchboard " + String.join(" ", step.stream().map(QuickstartCommand::shellWord).toList()));
            env.out().flush();
            List<String> args = new java.util.ArrayList<>(step);
            args.addAll(List.of("--output", "table"));
            int code = cliCommand(env).execute(args.toArray(String[]::new));
            if (code != 0) return code;
        }
        return health(env.out(), server, ResourceId.parse(app));
    }

    private static CommandLine cliCommand(CliEnvironment env) {
        CommandLine root = new CommandLine(new Main());
        for (Object sub : CliEntry.subcommands(env)) root.addSubcommand(sub);
        return CliEntry.configure(root, env);
    }

    /** Asks the app, through its ingress (its stable address), until it answers (it may still be starting). */
    private static int health(PrintWriter out, SwitchboardServer server, ResourceId app) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String last = "no answer";
        for (int attempt = 0; attempt < 60; attempt++) {
            AppObservation observed = server.apps().observe(app).orElse(null);
            AppObservation.Replica replica = observed == null ? null : observed.primary();
            if (replica != null && replica.alive()) {
                int port = observed.ingressPort() > 0 ? observed.ingressPort() : replica.port();
                URI uri = URI.create("http://127.0.0.1:" + port + "/health");
                try {
                    HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    last = r.body();
                    if (r.statusCode() == 200) {
                        out.println();
                        out.println("$ curl " + uri);
                        out.println(r.body());
                        out.flush();
                        return 0;
                    }
                } catch (java.io.IOException e) {
                    last = e.getMessage();
                }
            }
            Thread.sleep(500);
        }
        out.println("error: the app did not report healthy: " + last);
        return 1;
    }

    private static String jsonEscape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String shellWord(String s) {
        return s.matches("[A-Za-z0-9_./:=@-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
