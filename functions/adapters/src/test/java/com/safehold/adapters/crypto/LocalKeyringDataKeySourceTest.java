package com.safehold.adapters.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.safehold.domain.common.UserId;
import com.safehold.domain.crypto.FieldDecryptionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKeyringDataKeySourceTest {

    private static final UserId ALICE = new UserId("alice-sub");
    private static final UserId BOB = new UserId("bob-sub");

    private final byte[] masterKey = AesGcm.randomBytes(32);
    private final LocalKeyringDataKeySource keyring = new LocalKeyringDataKeySource(masterKey);

    @TempDir
    Path dir;

    @Test
    void unwrapsWhatItGenerated() {
        DataKey key = keyring.generate(ALICE);

        assertThat(key.plaintext()).hasSize(32);
        assertThat(key.wrapped()).hasSize(60).isNotEqualTo(key.plaintext());
        assertThat(keyring.unwrap(key.wrapped(), ALICE)).isEqualTo(key.plaintext());
    }

    @Test
    void generatesADifferentKeyEachTime() {
        assertThat(keyring.generate(ALICE).plaintext()).isNotEqualTo(keyring.generate(ALICE).plaintext());
    }

    @Test
    void refusesAKeyWrappedByAnotherKeyring() {
        DataKey foreign = new LocalKeyringDataKeySource(AesGcm.randomBytes(32)).generate(ALICE);

        assertThatThrownBy(() -> keyring.unwrap(foreign.wrapped(), ALICE)).isInstanceOf(FieldDecryptionException.class);
    }

    @Test
    void refusesAnAlteredWrappedKey() {
        byte[] wrapped = keyring.generate(ALICE).wrapped();
        for (int i = 0; i < wrapped.length; i++) {
            byte[] altered = wrapped.clone();
            altered[i] ^= (byte) 0x80;
            assertThatThrownBy(() -> keyring.unwrap(altered, ALICE)).isInstanceOf(FieldDecryptionException.class);
        }
    }

    @Test
    void refusesAWrappedKeyOfTheWrongSize() {
        assertThatThrownBy(() -> keyring.unwrap(new byte[59], ALICE)).isInstanceOf(FieldDecryptionException.class);
        assertThatThrownBy(() -> keyring.unwrap(new byte[0], ALICE)).isInstanceOf(FieldDecryptionException.class);
    }

    @Test
    void refusesAKeyWrappedForSomeoneElse() {
        DataKey alices = keyring.generate(ALICE);

        assertThatThrownBy(() -> keyring.unwrap(alices.wrapped(), BOB))
                .isInstanceOf(FieldDecryptionException.class)
                .hasMessageContaining("for someone else");
    }

    @Test
    void countsItsCallsAsKmsWouldSeeThem() {
        DataKey key = keyring.generate(ALICE);
        keyring.unwrap(key.wrapped(), ALICE);
        keyring.unwrap(key.wrapped(), ALICE);

        assertThat(keyring.calls()).isEqualTo(new LocalKeyringDataKeySource.Calls(1, 2));
        assertThat(keyring.calls().total()).isEqualTo(3);
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
        DataKey key = created.generate(ALICE);
        assertThat(loaded.unwrap(key.wrapped(), ALICE)).isEqualTo(key.plaintext());
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
