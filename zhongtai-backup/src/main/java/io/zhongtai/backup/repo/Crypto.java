package io.zhongtai.backup.repo;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/** AES-256-GCM, HMAC-SHA-256 and SHA-256 as the repository uses them, with the package's one SecureRandom. */
final class Crypto {
    static final int NONCE_LENGTH = 12;
    static final int TAG_LENGTH = 16;
    static final HexFormat HEX = HexFormat.of();
    private static final int ENCRYPT_SLICE = 16 * 1024;

    private static final SecureRandom RANDOM = new SecureRandom();

    private Crypto() {}

    static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /**
     * The ciphertext followed by the 16-byte tag. The plaintext goes in in slices: HotSpot's AES-GCM intrinsic is used
     * only once the cipher's inner calls are hot, which a few multi-MiB calls never make them (~70 MiB/s instead of
     * ~2.4 GiB/s on AVX-512).
     */
    static byte[] encrypt(SecretKey key, byte[] nonce, byte[] plaintext, byte[] aad) {
        byte[] sealed = new byte[plaintext.length + TAG_LENGTH];
        encrypt(key, nonce, plaintext, plaintext.length, aad, sealed, 0);
        return sealed;
    }

    /**
     * As {@link #encrypt(SecretKey, byte[], byte[], byte[])} for the first {@code length} bytes of plaintext, into
     * {@code out} from {@code at}: no copy of the result.
     */
    static void encrypt(SecretKey key, byte[] nonce, byte[] plaintext, int length, byte[] aad, byte[] out, int at) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, nonce));
            cipher.updateAAD(aad);
            int written = at;
            int offset = 0;
            for (; length - offset > ENCRYPT_SLICE; offset += ENCRYPT_SLICE) {
                written += cipher.update(plaintext, offset, ENCRYPT_SLICE, out, written);
            }
            cipher.doFinal(plaintext, offset, length - offset, out, written);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption is not available in this JVM", e);
        }
    }

    /** Throws AEADBadTagException when the bytes, the key, the nonce or the AAD differ from the encryption's. */
    static byte[] decrypt(SecretKey key, byte[] nonce, byte[] sealed, int offset, int length, byte[] aad)
            throws AEADBadTagException {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, nonce));
            cipher.updateAAD(aad);
            return cipher.doFinal(sealed, offset, length);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption is not available in this JVM", e);
        }
    }

    static String hmacSha256Hex(SecretKey key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HEX.formatHex(mac.doFinal(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available in this JVM", e);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
