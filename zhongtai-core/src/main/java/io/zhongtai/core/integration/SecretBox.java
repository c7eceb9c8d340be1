package io.zhongtai.core.integration;

import io.zhongtai.core.ZhongtaiException;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * Encrypts secrets at rest with AES-256-GCM. The master key comes from the environment variable
 * {@value #ENV_VAR} (base64 of 32 bytes) or else from {@code <home>/secrets/master.key}, created with owner-only
 * permissions on first use. Each value gets a fresh 96-bit nonce and is bound to its purpose (e.g. the source and
 * option name) as associated data, so a ciphertext copied to another field does not decrypt.
 */
public final class SecretBox {
    public static final String ENV_VAR = "ZHONGTAI_MASTER_KEY";
    private static final String VERSION = "v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private SecretBox(byte[] key) {
        if (key.length != 32) {
            throw new ZhongtaiException(ZhongtaiException.Kind.INVALID_INPUT,
                    "Cannot use master key: it must be 32 bytes (base64 of 32 random bytes), got " + key.length + " bytes");
        }
        this.key = new SecretKeySpec(key, "AES");
    }

    public static SecretBox of(byte[] key) {
        return new SecretBox(key.clone());
    }

    /** The master key from {@code env}, or from (created on first use) {@code keyFile}. */
    public static SecretBox open(Map<String, String> env, Path keyFile) {
        String fromEnv = env.get(ENV_VAR);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new SecretBox(decodeKey(fromEnv, ENV_VAR));
        }
        try {
            if (!Files.exists(keyFile)) {
                createKeyFile(keyFile);
            }
            return new SecretBox(decodeKey(Files.readString(keyFile, StandardCharsets.US_ASCII).trim(), keyFile.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read master key " + keyFile + ": " + e.getMessage(), e);
        }
    }

    private static void createKeyFile(Path keyFile) throws IOException {
        Files.createDirectories(keyFile.getParent());
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        Path tmp = keyFile.resolveSibling(keyFile.getFileName() + ".tmp" + ProcessHandle.current().pid());
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, Base64.getEncoder().encodeToString(key) + "\n", StandardOpenOption.TRUNCATE_EXISTING);
        try {
            // A link fails if another process created the key first: then that key wins and ours is dropped.
            Files.createLink(keyFile, tmp);
        } catch (FileAlreadyExistsException ignored) {
            // someone else's key is in place
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static byte[] decodeKey(String base64, String where) {
        try {
            return Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new ZhongtaiException(ZhongtaiException.Kind.INVALID_INPUT, "Cannot use master key from " + where + ": not base64");
        }
    }

    /** Encrypts {@code plain} for {@code purpose}; the result is printable and starts with {@code v1:}. */
    public String encrypt(String plain, String purpose) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return VERSION + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** Decrypts a value of {@link #encrypt}; fails clearly when the key or purpose does not match. */
    public String decrypt(String sealed, String purpose) {
        if (!sealed.startsWith(VERSION)) {
            throw new ZhongtaiException(ZhongtaiException.Kind.INTERNAL, "Cannot decrypt secret for " + purpose + ": unknown format");
        }
        byte[] in = Base64.getDecoder().decode(sealed.substring(VERSION.length()));
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new ZhongtaiException(ZhongtaiException.Kind.INTERNAL, "Cannot decrypt secret for " + purpose
                    + ": the master key is not the one it was encrypted with (check " + ENV_VAR + " or secrets/master.key)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }
}
