package io.zhongtai.backup.repo;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * A repository's secret: 32 bytes of AES-256-GCM key for contents, then 32 bytes of HMAC-SHA-256 key for object
 * ids. Key files hold it encrypted under keys derived from passphrases. Its toString shows no key material.
 */
final class MasterKey {
    static final int LENGTH = 64;
    private static final int HALF = LENGTH / 2;

    private final byte[] bytes;
    private final SecretKey encryption;
    private final SecretKey mac;

    MasterKey(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a master key has " + LENGTH + " bytes, not " + bytes.length);
        }
        this.bytes = bytes.clone();
        this.encryption = new SecretKeySpec(bytes, 0, HALF, "AES");
        this.mac = new SecretKeySpec(bytes, HALF, HALF, "HmacSHA256");
    }

    static MasterKey generate() {
        return new MasterKey(Crypto.randomBytes(LENGTH));
    }

    SecretKey encryptionKey() {
        return encryption;
    }

    /**
     * The id of an object: the HMAC-SHA-256 of the SHA-256 of its plaintext, so the name reveals nothing to those
     * without the key. One pass over the bytes gives both the id and the digest a file's hash list is made of.
     */
    String idOf(byte[] plaintext) {
        return idOfDigest(Crypto.sha256().digest(plaintext));
    }

    String idOfDigest(byte[] sha256) {
        return Crypto.hmacSha256Hex(mac, sha256);
    }

    /** A copy of the raw bytes, for encrypting into a key file. */
    byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public String toString() {
        return "MasterKey[" + LENGTH + " bytes, not shown]";
    }
}
