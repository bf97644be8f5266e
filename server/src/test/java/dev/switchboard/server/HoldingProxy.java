package dev.switchboard.server;

import dev.switchboard.providers.TcpForwarder;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP forwarder on loopback in front of a PostgreSQL server, for making races deterministic from outside the
 * process under test: once armed with {@link #holdAfter}, it lets a given number of new connections through and
 * holds the next one (accepted, but not forwarded) until {@link #release}. The caller holding it sees a
 * connection attempt that simply takes long, as a slow network or a busy server would make it.
 */
final class HoldingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int upstreamPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    /** Connections still to let through before holding one; -1 when not armed. */
    private final AtomicInteger skip = new AtomicInteger(-1);
    private final Semaphore held = new Semaphore(0);
    private volatile CountDownLatch release = new CountDownLatch(0);
    private volatile boolean closed;

    HoldingProxy(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("holding-proxy").start(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Lets the next {@code skipCount} new connections through and holds the one after them. */
    void holdAfter(int skipCount) {
        release = new CountDownLatch(1);
        held.drainPermits();
        skip.set(skipCount);
    }

    /** Waits until the armed connection has arrived and is being held. */
    boolean awaitHeld(Duration timeout) throws InterruptedException {
        return held.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    void release() {
        skip.set(-1);
        release.countDown();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                boolean hold = decide();
                CountDownLatch gate = release;
                Thread.ofVirtual().start(() -> serve(client, hold, gate));
            } catch (IOException e) {
                if (!closed) e.printStackTrace();
            }
        }
    }

    private boolean decide() {
        while (true) {
            int s = skip.get();
            if (s < 0) return false;
            if (skip.compareAndSet(s, s - 1)) return s == 0;
        }
    }

    private void serve(Socket client, boolean hold, CountDownLatch gate) {
        try {
            if (hold) {
                held.release();
                if (!gate.await(60, TimeUnit.SECONDS)) throw new IOException("held connection never released");
            }
            Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
            sockets.add(upstream);
            Thread.ofVirtual().start(() -> pump(upstream, client));
            pump(client, upstream);
        } catch (IOException | InterruptedException e) {
            close(client);
        }
    }

    private static void pump(Socket from, Socket to) {
        TcpForwarder.pump(from, to);
    }

    private static void close(Socket s) {
        TcpForwarder.closeQuietly(s);
    }

    @Override
    public void close() {
        closed = true;
        release.countDown();
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        sockets.forEach(HoldingProxy::close);
    }
}
