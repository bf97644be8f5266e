package dev.switchboard.app;

import dev.switchboard.server.SwitchboardServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the Switchboard server (API, engine, local app host) until interrupted.")
final class ServeCommand implements Callable<Integer> {
    private final Launch launch;
    private final PrintWriter out;

    @Mixin
    ServerOptions options = new ServerOptions();

    ServeCommand(Launch launch, PrintWriter out) {
        this.launch = launch;
        this.out = out;
    }

    @Override
    public Integer call() throws InterruptedException {
        SwitchboardServer server = SwitchboardServer.start(options.config(launch));
        out.println("Switchboard is listening on " + server.url() + " (data: " + server.dataDirectory().root() + ")");
        out.println("The CLI finds it through " + server.dataDirectory().root().resolve("server.json") + "; Ctrl-C stops it.");
        out.flush();
        awaitShutdown(server);
        return 0;
    }

    /** Blocks until the JVM is asked to stop, then closes the server from the shutdown hook. */
    static void awaitShutdown(SwitchboardServer server) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        stopped.await();
    }
}
