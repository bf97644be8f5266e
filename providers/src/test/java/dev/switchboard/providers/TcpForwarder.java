package dev.switchboard.providers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder on a fixed loopback port in front of a real service, so a test can make that service unreachable
 * without stopping it (it is shared with other tests): {@link #down()} stops listening and cuts every forwarded
 * connection (callers see "connection refused" or a reset, as when the service dies), {@link #up()} listens on the
 * same port again. {@link #stall()} keeps accepting but forwards nothing (a service that answers slowly).
 */
public final class TcpForwarder implements AutoCloseable {
    private final int upstreamPort;
    private final int port;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile ServerSocket listener;
    private volatile boolean stalled;

    private TcpForwarder(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.listener = listen(0);
        this.port = listener.getLocalPort();
        start(listener);
    }

    /** A forwarder from a free loopback port to {@code 127.0.0.1:upstreamPort}, listening. */
    public static TcpForwarder to(int upstreamPort) {
        try {
            return new TcpForwarder(upstreamPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String host() { return "127.0.0.1"; }
    public int port() { return port; }

    /** The service "goes down": nothing listens on the port, and every open connection is cut. */
    public synchronized void down() {
        closeQuietly(listener);
        sockets.forEach(TcpForwarder::closeQuietly);
        sockets.clear();
    }

    /** The service "comes back" on the same port. */
    public synchronized void up() {
        stalled = false;
        if (!listener.isClosed()) return;
        try {
            listener = listen(port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        start(listener);
    }

    /** New connections are accepted but get no answer until {@link #up()} (which does not free those already held). */
    public void stall() {
        stalled = true;
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        return s;
    }

    private void start(ServerSocket server) {
        Thread.ofPlatform().daemon().name("tcp-forwarder-" + port).start(() -> acceptLoop(server));
    }

    private void acceptLoop(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                if (!stalled) Thread.ofVirtual().start(() -> forward(client));
            } catch (IOException e) {
                // closed by down() or close()
            }
        }
    }

    private void forward(Socket client) {
        try {
            Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
            sockets.add(upstream);
            Thread.ofVirtual().start(() -> pump(upstream, client));
            pump(client, upstream);
        } catch (IOException e) {
            closeQuietly(client);
        }
    }

    /** Copies {@code from} to {@code to} until either side closes, then closes both. */
    public static void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException ignored) {
            // one side closed
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    public static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        down();
    }
}
