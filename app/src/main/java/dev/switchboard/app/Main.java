package dev.switchboard.app;

import dev.switchboard.cli.CliEntry;
import dev.switchboard.cli.CliEnvironment;
import dev.switchboard.cli.CliMain;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code switchboard} command: the server-side commands (serve, quickstart, bench) beside the CLI's.
 * This is the process entry point and the only place that reads the environment.
 */
@Command(name = "switchboard", mixinStandardHelpOptions = true, version = "switchboard 0.1.0",
        description = "Switchboard: connect apps to the services they use, and keep them connected.")
public final class Main {

    public static void main(String[] args) {
        System.exit(commandLine(Launch.fromEnvironment(System.getenv()), CliMain.environment()).execute(args));
    }

    static CommandLine commandLine(Launch launch, CliEnvironment cli) {
        CommandLine root = new CommandLine(new Main());
        root.addSubcommand(new CommandLine(new ServeCommand(launch, cli.out())));
        root.addSubcommand(new CommandLine(new QuickstartCommand(launch, cli)));
        root.addSubcommand(new CommandLine(new BenchCommand(launch, cli.out())));
        root.addSubcommand(new CommandLine(new BenchIngressCommand(cli.out())));
        root.addSubcommand(new CommandLine(new BenchDriftCommand(launch, cli.out())));
        root.addSubcommand(new CommandLine(new BenchRedeployCommand(launch, cli.out())));
        for (Object sub : CliEntry.subcommands(cli)) root.addSubcommand(sub);
        return CliEntry.configure(root, cli);
    }
}
