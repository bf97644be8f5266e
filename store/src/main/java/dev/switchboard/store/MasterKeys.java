package dev.switchboard.store;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.HashSet;
import java.util.Set;

/**
 * The store's master key (key-encryption key): a Tink AES-256-GCM keyset kept as Tink's JSON keyset format in a file
 * readable by its owner only (0600). Each key in it is a <em>version</em>, named by its Tink key id; the primary one
 * wraps new data keys, all of them unwrap. {@link #rotate()} adds a new primary version and keeps the old ones.
 *
 * <p>Envelope encryption: every value gets its own random AES-256-GCM data key; the value is encrypted with it (with
 * the caller's associated data, e.g. the secret's name), and the data key is stored wrapped by the master key under
 * the same associated data, with the version that wrapped it. Nothing here ever prints a key or a value.
 */
final class MasterKeys {
    static {
        try {
            AeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** One encrypted value: the ciphertext, its wrapped data key and the master key version that wrapped it. */
    record Sealed(byte[] ciphertext, byte[] wrappedKey, int keyVersion) { }

    private final Path file;
    /** The keyset and its primitive, swapped together on rotation. */
    private record State(KeysetHandle keyset, Aead aead) { }

    private volatile State state;

    private MasterKeys(Path file, KeysetHandle keyset) throws GeneralSecurityException {
        this.file = file;
        use(keyset);
    }

    /** Reads the master key file; creates it (owner-only, one fresh version) only when {@code mayCreate}. */
    static MasterKeys open(Path file, boolean mayCreate) {
        try {
            if (Files.exists(file)) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                KeysetHandle handle;
                try {
                    handle = TinkJsonProtoKeysetFormat.parseKeyset(text, InsecureSecretKeyAccess.get());
                } catch (GeneralSecurityException | RuntimeException e) {
                    throw new IllegalStateException("the master key file " + file + " is not a valid keyset", e);
                }
                return new MasterKeys(file, handle);
            }
            if (!mayCreate) {
                throw new IllegalStateException("the master key file " + file + " is missing, but the store holds secrets"
                        + " encrypted with it: restore the file from the data directory's backup");
            }
            KeysetHandle handle = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
            write(file, handle);
            return new MasterKeys(file, handle);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the master key file " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot use the master key file " + file, e);
        }
    }

    Path file() { return file; }

    /** The version new values are wrapped with. */
    int primaryVersion() {
        return state.keyset().getPrimary().getId();
    }

    Set<Integer> versions() {
        Set<Integer> out = new HashSet<>();
        KeysetHandle k = state.keyset();
        for (int i = 0; i < k.size(); i++) out.add(k.getAt(i).getId());
        return out;
    }

    /**
     * Whether {@code version} is in the keyset. Replicas sharing the key file see another's rotation here: a version
     * this process does not hold makes it read the file again once, and take the file's keyset if it holds every
     * version this one does (its primary then wraps new values here too).
     */
    boolean knows(int version) {
        if (versions().contains(version)) return true;
        reload();
        return versions().contains(version);
    }

    private synchronized void reload() {
        try {
            KeysetHandle onDisk = TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(file, StandardCharsets.UTF_8),
                    InsecureSecretKeyAccess.get());
            Set<Integer> held = versions();
            for (int i = 0; i < onDisk.size(); i++) held.remove(onDisk.getAt(i).getId());
            if (held.isEmpty()) use(onDisk);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            // the keyset in memory stays; the caller reports the unknown version
        }
    }

    /**
     * Adds a new primary version; the file keeps the old ones, so everything wrapped before stays readable. It starts
     * from the file's keyset, so a version another replica added is kept. Rotate on one replica at a time.
     */
    synchronized int rotate() {
        reload();
        try {
            KeysetHandle next = KeysetHandle.newBuilder(state.keyset())
                    .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM).withRandomId().makePrimary())
                    .build();
            write(file, next);
            use(next);
            return primaryVersion();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the master key file " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot add a master key version", e);
        }
    }

    Sealed seal(byte[] plaintext, byte[] associatedData) {
        try {
            KeysetHandle dataKey = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
            byte[] ciphertext = dataKey.getPrimitive(RegistryConfiguration.get(), Aead.class).encrypt(plaintext, associatedData);
            State s = state;
            int version = s.keyset().getPrimary().getId();
            byte[] wrapped = TinkProtoKeysetFormat.serializeEncryptedKeyset(dataKey, s.aead(), associatedData);
            return new Sealed(ciphertext, wrapped, version);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt a value", e);
        }
    }

    /** Decrypts; {@code what} names the value in the error (never the value itself). */
    byte[] open(Sealed sealed, byte[] associatedData, String what) {
        if (!knows(sealed.keyVersion())) {
            throw new IllegalStateException(what + " is wrapped by master key version " + Integer.toUnsignedString(sealed.keyVersion())
                    + ", which the master key file " + file + " does not hold: wrong master key file?");
        }
        try {
            KeysetHandle dataKey = TinkProtoKeysetFormat.parseEncryptedKeyset(sealed.wrappedKey(), state.aead(), associatedData);
            return dataKey.getPrimitive(RegistryConfiguration.get(), Aead.class).decrypt(sealed.ciphertext(), associatedData);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot decrypt " + what + " with the master key file " + file
                    + ": wrong master key, or the row was altered or moved to another name");
        }
    }

    /** The same data key wrapped by the primary version (the ciphertext does not change). */
    Sealed rewrap(Sealed sealed, byte[] associatedData, String what) {
        open(sealed, associatedData, what); // proves the row is intact before it is rewritten
        try {
            State s = state;
            KeysetHandle dataKey = TinkProtoKeysetFormat.parseEncryptedKeyset(sealed.wrappedKey(), s.aead(), associatedData);
            int version = s.keyset().getPrimary().getId();
            return new Sealed(sealed.ciphertext(), TinkProtoKeysetFormat.serializeEncryptedKeyset(dataKey, s.aead(), associatedData), version);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot rewrap " + what, e);
        }
    }

    private void use(KeysetHandle handle) throws GeneralSecurityException {
        this.state = new State(handle, handle.getPrimitive(RegistryConfiguration.get(), Aead.class));
    }

    /** Owner-only from its creation, replaced atomically. */
    private static void write(Path file, KeysetHandle handle) throws IOException, GeneralSecurityException {
        String json = TinkJsonProtoKeysetFormat.serializeKeyset(handle, InsecureSecretKeyAccess.get());
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, json, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
