package dev.switchboard.providers.local;

import dev.switchboard.core.failure.TransientFailure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Hands out free loopback TCP ports, one per app process. A port stays reserved while a process of this host
 * holds it, so two apps never get the same one; a preferred port (the one the process had before) is given back
 * when nothing listens on it any more.
 */
final class PortAllocator {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final Set<Integer> reserved = new HashSet<>();

    /** A free port: {@code preferred} when it is free and not reserved, otherwise one the kernel picks. */
    synchronized int allocate(int preferred) {
        if (preferred > 0 && !reserved.contains(preferred) && isFree(preferred)) {
            reserved.add(preferred);
            return preferred;
        }
        for (int attempt = 0; attempt < 64; attempt++) {
            int port;
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(LOOPBACK, 0));
                port = s.getLocalPort();
            } catch (IOException e) {
                throw new TransientFailure("No free loopback port: " + e.getMessage(), e);
            }
            if (reserved.add(port)) return port;
        }
        throw new TransientFailure("No free loopback port outside the " + reserved.size() + " already reserved");
    }

    /** Marks a port as held (by a process adopted from an earlier host). */
    synchronized void claim(int port) {
        if (port > 0) reserved.add(port);
    }

    synchronized void release(int port) {
        reserved.remove(port);
    }

    synchronized boolean isReserved(int port) {
        return reserved.contains(port);
    }

    static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(LOOPBACK, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
