package dev.switchboard.server.leak;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes to two streams: the first as before, the second a copy. The copy is written under its own lock (several
 * streams share one copy) and is written first, so a failing original (a closed console) loses nothing.
 */
public final class Tee extends OutputStream {
    private final OutputStream first;
    private final OutputStream copy;

    public Tee(OutputStream first, OutputStream copy) {
        this.first = first;
        this.copy = copy;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        synchronized (copy) {
            try {
                copy.write(b, off, len);
            } catch (IOException closed) {
                // the session has ended: a straggling thread's output goes to the original only
            }
        }
        try {
            first.write(b, off, len);
        } catch (IOException ignored) {
            // the original stream is best effort
        }
    }

    @Override
    public void flush() throws IOException {
        first.flush();
        synchronized (copy) {
            copy.flush();
        }
    }
}
