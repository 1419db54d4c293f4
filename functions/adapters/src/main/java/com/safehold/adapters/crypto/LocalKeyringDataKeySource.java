package com.safehold.adapters.crypto;

import com.safehold.domain.common.UserId;
import com.safehold.domain.crypto.FieldDecryptionException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import javax.crypto.AEADBadTagException;
import javax.crypto.SecretKey;

/**
 * Per-person data keys wrapped by a local AES-256 master key: stands in for KMS on the local platform and in
 * tests, where no KMS emulator exists (SPEC 4.7; notes/local-aws.md, KMS).
 *
 * <p>A wrapped key is {@code iv(12) | AES-256-GCM(data key)(32) | tag(16)} = 60 bytes, authenticated with an
 * AAD naming this keyring's purpose and the owner (as KMS's encryption context does), so a key wrapped by
 * another keyring, for another person, or altered in any byte is refused with a
 * {@link FieldDecryptionException}.
 *
 * <p>Counts its calls ({@link #calls()}): what KMS would be asked on AWS, for docs/benchmarks.md.
 *
 * <p>Not for production: the master key is plain bytes in memory and, with {@link #loadOrCreate}, on disk.
 */
public final class LocalKeyringDataKeySource implements DataKeySource {

    /** Authenticated data of every wrap, before the owner: what this key is and which format. */
    private static final String WRAP_AAD_PREFIX = "safehold:local-keyring:person-data-key:v2:";
    private static final int WRAPPED_BYTES = AesGcm.IV_BYTES + AesGcm.sealedLength(AesGcm.KEY_BYTES);
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private final SecretKey masterKey;
    private final java.util.concurrent.atomic.LongAdder generated = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder unwrapped = new java.util.concurrent.atomic.LongAdder();

    /** A keyring with the given 32-byte AES-256 master key (copied). */
    public LocalKeyringDataKeySource(byte[] masterKey) {
        this.masterKey = AesGcm.key(masterKey);
    }

    /**
     * The keyring whose master key is stored in {@code keyFile} (32 raw bytes), creating the file with a fresh
     * random key, readable and writable by its owner only, if it does not exist yet. Lets encrypted data in a
     * local platform's data folder survive restarts.
     *
     * @throws IllegalStateException if the file does not hold exactly 32 bytes, or others may read or write it
     * @throws IOException           if it cannot be read or created
     */
    public static LocalKeyringDataKeySource loadOrCreate(Path keyFile) throws IOException {
        Path file = keyFile.toAbsolutePath();
        if (Files.exists(file)) {
            return load(file);
        }
        Files.createDirectories(file.getParent());
        byte[] key = AesGcm.randomBytes(AesGcm.KEY_BYTES);
        Path temp = createOwnerOnlyFile(file.getParent());
        try {
            Files.write(temp, key);
            Files.move(temp, file); // no REPLACE_EXISTING: never overwrite a key someone created meanwhile
            return new LocalKeyringDataKeySource(key);
        } catch (FileAlreadyExistsException raced) {
            return load(file);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public DataKey generate(UserId owner) {
        generated.increment();
        byte[] plaintext = AesGcm.randomBytes(AesGcm.KEY_BYTES);
        byte[] iv = AesGcm.randomBytes(AesGcm.IV_BYTES);
        byte[] wrapped = new byte[WRAPPED_BYTES];
        System.arraycopy(iv, 0, wrapped, 0, iv.length);
        AesGcm.seal(masterKey, iv, wrapAad(owner), plaintext, wrapped, iv.length);
        return new DataKey(plaintext, wrapped);
    }

    @Override
    public byte[] unwrap(byte[] wrapped, UserId owner) {
        unwrapped.increment();
        if (wrapped.length != WRAPPED_BYTES) {
            throw new FieldDecryptionException("not a data key wrapped by a local keyring (" + wrapped.length
                    + " bytes)", null);
        }
        byte[] iv = Arrays.copyOf(wrapped, AesGcm.IV_BYTES);
        try {
            return AesGcm.open(masterKey, iv, wrapAad(owner), wrapped, AesGcm.IV_BYTES, wrapped.length - AesGcm.IV_BYTES);
        } catch (AEADBadTagException e) {
            throw new FieldDecryptionException("data key was wrapped by another keyring, for someone else, or altered", e);
        }
    }

    /** How often each operation was called: {@code GenerateDataKey} and {@code Decrypt} on AWS. */
    public record Calls(long generateDataKey, long decrypt) {
        public long total() {
            return generateDataKey + decrypt;
        }
    }

    public Calls calls() {
        return new Calls(generated.sum(), unwrapped.sum());
    }

    private static byte[] wrapAad(UserId owner) {
        return (WRAP_AAD_PREFIX + owner.value()).getBytes(StandardCharsets.UTF_8);
    }

    /** Never shows the master key. */
    @Override
    public String toString() {
        return "LocalKeyringDataKeySource[master key redacted]";
    }

    private static LocalKeyringDataKeySource load(Path file) throws IOException {
        PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (posix != null && !OWNER_ONLY.containsAll(posix.readAttributes().permissions())) {
            throw new IllegalStateException("keyring file " + file + " may be read or written by others ("
                    + PosixFilePermissions.toString(posix.readAttributes().permissions()) + "); make it rw-------");
        }
        byte[] key = Files.readAllBytes(file);
        if (key.length != AesGcm.KEY_BYTES) {
            throw new IllegalStateException("keyring file " + file + " must hold " + AesGcm.KEY_BYTES
                    + " bytes, but holds " + key.length);
        }
        return new LocalKeyringDataKeySource(key);
    }

    private static Path createOwnerOnlyFile(Path directory) throws IOException {
        if (Files.getFileStore(directory).supportsFileAttributeView(PosixFileAttributeView.class)) {
            return Files.createTempFile(directory, ".keyring-", ".tmp",
                    PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        }
        Path temp = Files.createTempFile(directory, ".keyring-", ".tmp");
        var file = temp.toFile();
        boolean restricted = file.setReadable(false, false) && file.setReadable(true, true)
                && file.setWritable(false, false) && file.setWritable(true, true);
        if (!restricted) {
            Files.delete(temp);
            throw new IOException("cannot restrict " + temp + " to its owner");
        }
        return temp;
    }
}
