package dev.switchboard.providers.nats;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.security.SecureRandom;

/**
 * bcrypt hashes of passwords, the form nats-server compares a login's password with ({@code $2b$<cost>$...}), so the
 * clear password never reaches the disk. The work is BouncyCastle's {@code OpenBSDBCrypt}; it arrives with jnats but
 * in runtime scope only, so it is looked up reflectively once (declaring bcprov as a compile dependency would let
 * this be a direct call). bcrypt reads at most 72 bytes of a password: longer ones are refused by the provider.
 * Public for the benchmark's floor, which hashes as the provider does.
 */
public final class NatsBcrypt {
    static final int MAX_PASSWORD_BYTES = 72;
    /** The cost the nats CLI uses by default; a login costs the server ~100 ms of CPU. */
    public static final int USER_COST = 11;
    /** The probe's password is 24 random bytes: guessing it is hopeless at any cost, so it is kept cheap. */
    public static final int PROBE_COST = 4;
    private static final Method GENERATE;
    private static final Method CHECK;
    private final SecureRandom random;

    static {
        try {
            Class<?> bcrypt = Class.forName("org.bouncycastle.crypto.generators.OpenBSDBCrypt");
            GENERATE = bcrypt.getMethod("generate", String.class, byte[].class, byte[].class, int.class);
            CHECK = bcrypt.getMethod("checkPassword", String.class, byte[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError("BouncyCastle's OpenBSDBCrypt is not on the classpath: " + e);
        }
    }

    public NatsBcrypt(SecureRandom random) {
        this.random = random;
    }

    public String hash(byte[] password, int cost) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return (String) call(GENERATE, "2b", password, salt, cost);
    }

    static boolean matches(String hash, byte[] password) {
        return (Boolean) call(CHECK, hash, password);
    }

    private static Object call(Method method, Object... args) {
        try {
            return method.invoke(null, args);
        } catch (InvocationTargetException e) {
            // Never the password in the message: BouncyCastle's messages are about lengths and formats only.
            throw new IllegalStateException("bcrypt failed: " + e.getCause().getClass().getSimpleName());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
