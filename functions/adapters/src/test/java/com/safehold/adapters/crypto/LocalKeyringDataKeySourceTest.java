package com.safehold.adapters.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.safehold.domain.crypto.FieldDecryptionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKeyringDataKeySourceTest {

    private final byte[] masterKey = AesGcm.randomBytes(32);
    private final LocalKeyringDataKeySource keyring = new LocalKeyringDataKeySource(masterKey);

    @TempDir
    Path dir;

    @Test
    void unwrapsWhatItGenerated() {
        DataKey key = keyring.generate();

        assertThat(key.plaintext()).hasSize(32);
        assertThat(key.wrapped()).hasSize(60).isNotEqualTo(key.plaintext());
        assertThat(keyring.unwrap(key.wrapped())).isEqualTo(key.plaintext());
    }

    @Test
    void generatesADifferentKeyEachTime() {
        assertThat(keyring.generate().plaintext()).isNotEqualTo(keyring.generate().plaintext());
    }

    @Test
    void refusesAKeyWrappedByAnotherKeyring() {
        DataKey foreign = new LocalKeyringDataKeySource(AesGcm.randomBytes(32)).generate();

        assertThatThrownBy(() -> keyring.unwrap(foreign.wrapped())).isInstanceOf(FieldDecryptionException.class);
    }

    @Test
    void refusesAnAlteredWrappedKey() {
        byte[] wrapped = keyring.generate().wrapped();
        for (int i = 0; i < wrapped.length; i++) {
            byte[] altered = wrapped.clone();
            altered[i] ^= (byte) 0x80;
            assertThatThrownBy(() -> keyring.unwrap(altered)).isInstanceOf(FieldDecryptionException.class);
        }
    }

    @Test
    void refusesAWrappedKeyOfTheWrongSize() {
        assertThatThrownBy(() -> keyring.unwrap(new byte[59])).isInstanceOf(FieldDecryptionException.class);
        assertThatThrownBy(() -> keyring.unwrap(new byte[0])).isInstanceOf(FieldDecryptionException.class);
    }

    @Test
    void rejectsAMasterKeyThatIsNot256Bits() {
        assertThatThrownBy(() -> new LocalKeyringDataKeySource(new byte[16]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void neverShowsTheMasterKey() {
        assertThat(keyring.toString()).doesNotContain(HexFormat.of().formatHex(masterKey));
    }

    @Test
    void loadOrCreateWritesAnOwnerOnlyKeyFileAndReadsTheSameKeyringBack() throws IOException {
        Path file = dir.resolve("keys/keyring.key");

        LocalKeyringDataKeySource created = LocalKeyringDataKeySource.loadOrCreate(file);
        LocalKeyringDataKeySource loaded = LocalKeyringDataKeySource.loadOrCreate(file);

        assertThat(file).hasSize(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        DataKey key = created.generate();
        assertThat(loaded.unwrap(key.wrapped())).isEqualTo(key.plaintext());
        try (var leftovers = Files.list(file.getParent())) {
            assertThat(leftovers).containsExactly(file);
        }
    }

    @Test
    void loadOrCreateRefusesAKeyFileOthersCanRead() throws IOException {
        Path file = dir.resolve("keyring.key");
        Files.write(file, AesGcm.randomBytes(32));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> LocalKeyringDataKeySource.loadOrCreate(file))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("rw-r--r--");
    }

    @Test
    void loadOrCreateRefusesAKeyFileOfTheWrongSize() throws IOException {
        Path file = dir.resolve("keyring.key");
        Files.write(file, new byte[31]);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        assertThatThrownBy(() -> LocalKeyringDataKeySource.loadOrCreate(file))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("31");
    }
}
