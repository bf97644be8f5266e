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
 *
 * <p>While down, the port stays bound by a socket that does not listen (so a connection is refused) rather than
 * being freed: another process binding an ephemeral port could otherwise be given it, and a client of the "down"
 * service would then reach that one instead.
 */
public final class TcpForwarder implements AutoCloseable {
    private final int upstreamPort;
    private final int port;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile ServerSocket listener;
    /** Holds the port while down; null while up. */
    private Socket placeholder;
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
        if (listener.isClosed()) return;
        closeQuietly(listener);
        placeholder = holdPort(port);
        cutAll();
    }

    private void cutAll() {
        synchronized (sockets) {
            sockets.forEach(TcpForwarder::closeQuietly);
            sockets.clear();
        }
    }

    /** Keeps {@code port} bound without listening: connections to it are refused and nobody else is given it. */
    private static Socket holdPort(int port) {
        try {
            Socket s = new Socket();
            s.setReuseAddress(true);
            s.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return s;
        } catch (IOException e) {
            return null; // the port was taken in the instant between: connections go elsewhere, as before this guard
        }
    }

    /** Tracks a forwarded socket, or closes it at once when the forwarder went down meanwhile. */
    private boolean track(Socket socket, ServerSocket acceptedBy) {
        synchronized (sockets) {
            if (acceptedBy.isClosed()) {
                closeQuietly(socket);
                return false;
            }
            sockets.add(socket);
            return true;
        }
    }

    /** The service "comes back" on the same port. */
    public synchronized void up() {
        stalled = false;
        if (!listener.isClosed()) return;
        if (placeholder != null) closeQuietly(placeholder);
        placeholder = null;
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
                if (track(client, server) && !stalled) Thread.ofVirtual().start(() -> forward(client, server));
            } catch (IOException e) {
                // closed by down() or close()
            }
        }
    }

    private void forward(Socket client, ServerSocket acceptedBy) {
        try {
            Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
            if (!track(upstream, acceptedBy)) {
                closeQuietly(client);
                return;
            }
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
    public synchronized void close() {
        closeQuietly(listener);
        if (placeholder != null) closeQuietly(placeholder);
        cutAll();
    }
}
