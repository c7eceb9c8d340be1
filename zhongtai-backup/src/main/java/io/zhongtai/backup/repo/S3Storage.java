package io.zhongtai.backup.repo;

import io.zhongtai.core.ZhongtaiException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** A repository under a prefix of an S3 bucket (AWS or an S3-compatible store). One PutObject per key is atomic. */
final class S3Storage implements RepositoryStorage {
    private final String bucket;
    /** Empty, or the prefix from the URL with a trailing '/'. */
    private final String keyPrefix;
    private final S3Client client;

    S3Storage(URI url, S3Options options) {
        requireNonNull(url, "url is null");
        requireNonNull(options, "options is null");
        this.bucket = url.getAuthority();
        if (bucket == null || bucket.isEmpty()) {
            throw ZhongtaiException.invalid("Cannot open backup repository %s: it names no bucket (use s3://bucket/prefix)", url);
        }
        String path = url.getPath() == null ? "" : url.getPath().replaceAll("^/+|/+$", "");
        this.keyPrefix = path.isEmpty() ? "" : path + "/";
        this.client = buildClient(url, options);
    }

    private static S3Client buildClient(URI url, S3Options options) {
        if (options.accessKey() != null && options.secretKey() == null) {
            throw ZhongtaiException.invalid("Cannot open backup repository %s: an access key is given without its secret key", url);
        }
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(10)))
                .forcePathStyle(options.pathStyle())
                // S3-compatible stores often do not know the newer flexible checksums.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (options.accessKey() != null) {
            builder.credentialsProvider(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(options.accessKey(), options.secretKey())));
        }
        if (options.endpoint() != null) {
            builder.endpointOverride(options.endpoint());
        }
        if (options.region() != null) {
            builder.region(Region.of(options.region()));
        } else if (options.endpoint() != null) {
            // S3-compatible stores ignore the region, but requests are signed for one.
            builder.region(Region.US_EAST_1);
        }
        try {
            return builder.build();
        } catch (SdkClientException e) {
            throw ZhongtaiException.invalid("Cannot open backup repository %s: %s", url, e.getMessage());
        }
    }

    @Override
    public String location() {
        return "s3://" + bucket + (keyPrefix.isEmpty() ? "" : "/" + keyPrefix.substring(0, keyPrefix.length() - 1));
    }

    @Override
    public void put(String key, byte[] bytes) {
        try {
            client.putObject(r -> r.bucket(bucket).key(keyPrefix + key), RequestBody.fromBytes(bytes));
        } catch (SdkException e) {
            throw failure("write", key, e);
        }
    }

    @Override
    public Optional<byte[]> get(String key) {
        try {
            return Optional.of(client.getObjectAsBytes(r -> r.bucket(bucket).key(keyPrefix + key)).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw failure("read", key, e);
        }
    }

    @Override
    public List<String> list(String prefix) {
        try {
            return client.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(keyPrefix + prefix)).contents().stream()
                    .map(S3Object::key)
                    .filter(key -> !key.endsWith("/"))
                    .map(key -> key.substring(keyPrefix.length()))
                    .sorted()
                    .toList();
        } catch (SdkException e) {
            throw failure("list", prefix, e);
        }
    }

    @Override
    public void delete(String key) {
        try {
            client.deleteObject(r -> r.bucket(bucket).key(keyPrefix + key));
        } catch (SdkException e) {
            throw failure("delete", key, e);
        }
    }

    @Override
    public void close() {
        client.close();
    }

    private ZhongtaiException failure(String action, String key, SdkException e) {
        return new ZhongtaiException(ZhongtaiException.Kind.SOURCE_ERROR,
                "Cannot " + action + " " + location() + "/" + key + ": " + e.getMessage(), null, e);
    }
}
