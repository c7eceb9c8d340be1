package io.zhongtai.backup.repo;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import javax.crypto.AEADBadTagException;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * One file under keys/: the master key encrypted (AES-256-GCM, no AAD) under a key that Argon2id derives from a
 * passphrase with the parameters and salt stored beside it. byte[] fields are base64 in the JSON.
 */
record KeyFile(
        String kdf,
        @JsonProperty("memory_kib") int memoryKib,
        int iterations,
        int parallelism,
        byte[] salt,
        byte[] nonce,
        byte[] master,
        @JsonProperty("created_at") String createdAt) {
    static final String ARGON2ID = "argon2id";
    private static final int SALT_LENGTH = 16;
    private static final int MIN_SALT_LENGTH = 8;
    private static final int DERIVED_KEY_LENGTH = 32;
    private static final byte[] NO_AAD = new byte[0];

    static KeyFile create(MasterKey masterKey, char[] passphrase, KdfParameters parameters) {
        byte[] salt = Crypto.randomBytes(SALT_LENGTH);
        byte[] nonce = Crypto.randomBytes(Crypto.NONCE_LENGTH);
        byte[] sealedMaster = Crypto.encrypt(derive(passphrase, salt, parameters), nonce, masterKey.bytes(), NO_AAD);
        return new KeyFile(ARGON2ID, parameters.memoryKib(), parameters.iterations(), parameters.parallelism(),
                salt, nonce, sealedMaster, Instant.now().toString());
    }

    static KeyFile parse(byte[] json) throws IntegrityException {
        KeyFile file = Json.read(json, KeyFile.class);
        if (!ARGON2ID.equals(file.kdf)) {
            throw new IntegrityException("its kdf is " + file.kdf + ", not " + ARGON2ID);
        }
        String problem = file.kdfParameters().problem();
        if (problem != null) {
            throw new IntegrityException("its Argon2 " + problem);
        }
        if (file.salt == null || file.salt.length < MIN_SALT_LENGTH) {
            throw new IntegrityException("its salt is missing or shorter than " + MIN_SALT_LENGTH + " bytes");
        }
        if (file.nonce == null || file.nonce.length != Crypto.NONCE_LENGTH) {
            throw new IntegrityException("its nonce is missing or not " + Crypto.NONCE_LENGTH + " bytes");
        }
        int sealedLength = MasterKey.LENGTH + Crypto.TAG_LENGTH;
        if (file.master == null || file.master.length != sealedLength) {
            throw new IntegrityException("its encrypted master key is missing or not " + sealedLength + " bytes");
        }
        return file;
    }

    KdfParameters kdfParameters() {
        return new KdfParameters(memoryKib, iterations, parallelism);
    }

    /** The master key, or empty when the passphrase is not this key file's. */
    Optional<MasterKey> unlock(char[] passphrase) {
        try {
            SecretKey key = derive(passphrase, salt, kdfParameters());
            return Optional.of(new MasterKey(Crypto.decrypt(key, nonce, master, 0, master.length, NO_AAD)));
        } catch (AEADBadTagException wrongPassphrase) {
            return Optional.empty();
        }
    }

    /**
     * Keys derived in this process, by a SHA-256 of passphrase, salt and parameters. Argon2id costs a third of a
     * second and 64 MiB by design, which a server's scheduled backups (or a benchmark) opening the same repository
     * again need not pay each time; whoever can read this process's memory has the master key anyway.
     */
    private static final Cache<String, SecretKey> DERIVED = Caffeine.newBuilder().maximumSize(16)
            .expireAfterAccess(Duration.ofHours(1)).build();

    private static SecretKey derive(char[] passphrase, byte[] salt, KdfParameters parameters) {
        MessageDigest digest = Crypto.sha256();
        digest.update(new String(passphrase).getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(salt);
        digest.update((parameters.memoryKib() + "/" + parameters.iterations() + "/" + parameters.parallelism()).getBytes(StandardCharsets.US_ASCII));
        return DERIVED.get(Crypto.HEX.formatHex(digest.digest()), k -> argon2(passphrase, salt, parameters));
    }

    private static SecretKey argon2(char[] passphrase, byte[] salt, KdfParameters parameters) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt)
                .withMemoryAsKB(parameters.memoryKib())
                .withIterations(parameters.iterations())
                .withParallelism(parameters.parallelism())
                .build());
        byte[] derived = new byte[DERIVED_KEY_LENGTH];
        generator.generateBytes(passphrase, derived);
        SecretKey key = new SecretKeySpec(derived, "AES");
        Arrays.fill(derived, (byte) 0);
        return key;
    }
}
