package io.zhongtai.backup.repo;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;

import javax.crypto.AEADBadTagException;
import javax.crypto.SecretKey;
import java.util.Arrays;

/**
 * The stored form of objects and manifests: one format-version byte, a 12-byte random nonce, then AES-256-GCM of a
 * zstd frame (which records the plaintext's size) with the caller's AAD, so bytes moved to another name fail to
 * decrypt.
 */
final class ObjectCodec {
    static final byte FORMAT_VERSION = 1;
    private static final int HEADER_LENGTH = 1 + Crypto.NONCE_LENGTH;
    private static final int SAMPLE_BYTES = 64 * 1024;
    private static final int INCOMPRESSIBLE_LEVEL = -5;
    private static final ThreadLocal<byte[]> FRAME_BUFFER = ThreadLocal.withInitial(() -> new byte[0]);

    private final SecretKey key;
    private final int compressionLevel;

    ObjectCodec(SecretKey key, int compressionLevel) {
        this.key = key;
        this.compressionLevel = compressionLevel;
    }

    byte[] encode(byte[] plaintext, byte[] aad) {
        byte[] nonce = Crypto.randomBytes(Crypto.NONCE_LENGTH);
        byte[] frame = frameBuffer(plaintext.length);
        int frameLength = (int) Zstd.compressByteArray(frame, 0, frame.length, plaintext, 0, plaintext.length,
                levelFor(plaintext));
        byte[] stored = new byte[HEADER_LENGTH + frameLength + Crypto.TAG_LENGTH];
        stored[0] = FORMAT_VERSION;
        System.arraycopy(nonce, 0, stored, 1, nonce.length);
        Crypto.encrypt(key, nonce, frame, frameLength, aad, stored, HEADER_LENGTH);
        return stored;
    }

    /**
     * This thread's buffer for a zstd frame of up to {@code plaintextLength} bytes. Reused because a fresh frame per
     * chunk (Zstd.compress allocates one at the bound and copies the result into another) means two more
     * multi-MiB arrays to zero and collect per chunk; the repository's worker threads keep one chunk-sized buffer each.
     */
    private static byte[] frameBuffer(int plaintextLength) {
        int bound = Math.toIntExact(Zstd.compressBound(plaintextLength));
        byte[] buffer = FRAME_BUFFER.get();
        if (buffer.length < bound) {
            buffer = new byte[bound];
            FRAME_BUFFER.set(buffer);
        }
        return buffer;
    }

    /**
     * The repository's level, or zstd's fast level {@value #INCOMPRESSIBLE_LEVEL} for data that does not compress
     * (Parquet pages are compressed already), where level 1 spends about 1 ms per MiB to save nothing. A sample from
     * the middle decides.
     */
    private int levelFor(byte[] plaintext) {
        if (plaintext.length < 2 * SAMPLE_BYTES) {
            return compressionLevel;
        }
        byte[] sample = Arrays.copyOfRange(plaintext, plaintext.length / 2, plaintext.length / 2 + SAMPLE_BYTES);
        return Zstd.compress(sample, compressionLevel).length > SAMPLE_BYTES * 97 / 100 ? INCOMPRESSIBLE_LEVEL : compressionLevel;
    }

    byte[] decode(byte[] stored, byte[] aad) throws IntegrityException {
        if (stored.length < HEADER_LENGTH + Crypto.TAG_LENGTH) {
            throw new IntegrityException("it has " + stored.length + " bytes, fewer than the "
                    + (HEADER_LENGTH + Crypto.TAG_LENGTH) + " of a header and an authentication tag");
        }
        if (stored[0] != FORMAT_VERSION) {
            throw new IntegrityException("it has format version " + stored[0] + ", this version reads " + FORMAT_VERSION);
        }
        byte[] frame;
        try {
            frame = Crypto.decrypt(key, Arrays.copyOfRange(stored, 1, HEADER_LENGTH), stored, HEADER_LENGTH,
                    stored.length - HEADER_LENGTH, aad);
        } catch (AEADBadTagException e) {
            throw new IntegrityException("its authentication tag does not match (the bytes were altered, belong to "
                    + "another name, or were not written with this repository's key)", e);
        }
        long size = Zstd.getFrameContentSize(frame);
        if (size < 0 || size > Integer.MAX_VALUE - 8) {
            throw new IntegrityException("its zstd frame records no usable content size (" + size + ")");
        }
        byte[] plaintext;
        try {
            plaintext = Zstd.decompress(frame, (int) size);
        } catch (ZstdException e) {
            throw new IntegrityException("its zstd frame does not decompress: " + e.getMessage(), e);
        }
        if (plaintext.length != size) {
            throw new IntegrityException("its zstd frame records " + size + " bytes but holds " + plaintext.length);
        }
        return plaintext;
    }
}
