package io.zhongtai.backup.repo;

import com.github.luben.zstd.Zstd;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObjectCodecTest {
    private static final byte[] AAD = "aad".getBytes(StandardCharsets.US_ASCII);
    private final MasterKey key = MasterKey.generate();
    private final ObjectCodec codec = new ObjectCodec(key.encryptionKey(), 1);

    /** What a writer holding the key but producing no zstd frame would store. */
    private byte[] sealedWithoutZstd(byte[] payload) {
        byte[] nonce = Crypto.randomBytes(Crypto.NONCE_LENGTH);
        byte[] sealed = Crypto.encrypt(key.encryptionKey(), nonce, payload, AAD);
        return ByteBuffer.allocate(1 + nonce.length + sealed.length).put(ObjectCodec.FORMAT_VERSION).put(nonce).put(sealed).array();
    }

    @Test
    void roundTripsUnderTheSameAadOnly() throws Exception {
        byte[] plaintext = "zhongtai".repeat(100).getBytes(StandardCharsets.US_ASCII);
        byte[] stored = codec.encode(plaintext, AAD);
        assertThat(codec.decode(stored, AAD)).isEqualTo(plaintext);
        assertThat(codec.encode(plaintext, AAD)).isNotEqualTo(stored);
        assertThatThrownBy(() -> codec.decode(stored, "other".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(IntegrityException.class)
                .hasMessageStartingWith("its authentication tag does not match");
        assertThatThrownBy(() -> new ObjectCodec(MasterKey.generate().encryptionKey(), 1).decode(stored, AAD))
                .hasMessageStartingWith("its authentication tag does not match");
    }

    @Test
    void storesZstdsFrameOfThePlaintextWhateverTheThreadEncodedBefore() throws Exception {
        byte[] compressible = "lineitem ".repeat(100_000).getBytes(StandardCharsets.US_ASCII);
        byte[] incompressible = new byte[256 * 1024];
        new Random(7).nextBytes(incompressible);
        byte[] small = "zhongtai".getBytes(StandardCharsets.US_ASCII);

        assertThat(frameOf(codec.encode(compressible, AAD))).isEqualTo(Zstd.compress(compressible, 1));
        assertThat(frameOf(codec.encode(incompressible, AAD))).isEqualTo(Zstd.compress(incompressible, -5));
        byte[] stored = codec.encode(small, AAD);
        assertThat(frameOf(stored)).isEqualTo(Zstd.compress(small, 1));
        assertThat(codec.decode(stored, AAD)).isEqualTo(small);
    }

    private byte[] frameOf(byte[] stored) throws Exception {
        int header = 1 + Crypto.NONCE_LENGTH;
        return Crypto.decrypt(key.encryptionKey(), Arrays.copyOfRange(stored, 1, header), stored, header, stored.length - header, AAD);
    }

    @Test
    void contentThatIsNoZstdFrameIsCorrupted() {
        assertThatThrownBy(() -> codec.decode(sealedWithoutZstd("not a zstd frame".getBytes(StandardCharsets.US_ASCII)), AAD))
                .isInstanceOf(IntegrityException.class)
                .hasMessageStartingWith("its zstd frame records no usable content size (");
    }

    @Test
    void masterKeysDoNotShowTheirBytes() {
        assertThat(key.toString()).isEqualTo("MasterKey[64 bytes, not shown]");
    }
}
