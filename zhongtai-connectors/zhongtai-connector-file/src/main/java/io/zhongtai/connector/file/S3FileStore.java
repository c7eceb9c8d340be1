package io.zhongtai.connector.file;

import io.zhongtai.spi.connector.ConnectorException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/** Objects in one S3 bucket (AWS or an S3-compatible store), read by downloading them into the work directory. */
final class S3FileStore implements FileStore {
    private static final Set<String> CREDENTIAL_ERRORS = Set.of("InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied",
            "InvalidToken", "ExpiredToken", "AuthorizationHeaderMalformed");

    private final String bucket;
    private final String endpoint;
    private final S3Client client;

    S3FileStore(String bucket, Optional<String> endpoint, String region, Optional<String> accessKeyId,
                Optional<String> secretAccessKey, boolean pathStyle) {
        this.bucket = requireNonNull(bucket, "bucket is null");
        this.endpoint = endpoint.orElse("AWS S3 (" + region + ")");
        AwsCredentialsProvider credentials = accessKeyId.isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId.get(), secretAccessKey.orElse("")))
                : DefaultCredentialsProvider.builder().build();
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(10)))
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .forcePathStyle(pathStyle)
                // S3-compatible stores often do not know the newer flexible checksums.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        endpoint.ifPresent(e -> builder.endpointOverride(URI.create(e)));
        this.client = builder.build();
    }

    @Override
    public List<StoredFile> list(String directory) {
        String prefix = directory.isEmpty() ? "" : directory + "/";
        List<StoredFile> files = new ArrayList<>();
        try {
            for (S3Object o : client.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents()) {
                if (!o.key().endsWith("/")) {
                    files.add(new StoredFile(o.key(), o.size(), o.lastModified()));
                }
            }
        } catch (SdkException e) {
            throw translate(e, "list " + display(directory));
        }
        return files;
    }

    @Override
    public Optional<StoredFile> stat(String key) {
        if (key.isEmpty() || key.endsWith("/")) {
            return Optional.empty();
        }
        try {
            HeadObjectResponse head = client.headObject(r -> r.bucket(bucket).key(key));
            return Optional.of(new StoredFile(key, head.contentLength(), head.lastModified()));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw translate(e, "read " + display(key));
        } catch (SdkException e) {
            throw translate(e, "read " + display(key));
        }
    }

    @Override
    public void check(String directory, Duration timeout) {
        String prefix = directory.isEmpty() ? "" : directory + "/";
        try {
            client.listObjectsV2(r -> r.bucket(bucket).prefix(prefix).maxKeys(1)
                    .overrideConfiguration(o -> o.apiCallTimeout(timeout)));
        } catch (SdkException e) {
            throw translate(e, "list " + display(directory));
        }
    }

    @Override
    public boolean remote() {
        return true;
    }

    @Override
    public Path fetch(StoredFile file, Path workDir) {
        Path local = workDir.resolve("s3-" + UUID.randomUUID() + "-" + file.fileName());
        try {
            client.getObject(r -> r.bucket(bucket).key(file.key()), local);
            return local;
        } catch (SdkException e) {
            deleteQuietly(local);
            throw translate(e, "download " + display(file.key()));
        }
    }

    /** One PUT: S3 shows an object only once it is complete (files up to 5 GiB). */
    @Override
    public void put(Path local, String key) {
        try {
            client.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromFile(local));
        } catch (SdkException e) {
            throw translate(e, "upload " + display(key));
        }
    }

    @Override
    public void delete(Collection<String> keys) {
        for (String key : keys) {
            try {
                client.deleteObject(r -> r.bucket(bucket).key(key));
            } catch (SdkException e) {
                throw translate(e, "delete " + display(key));
            }
        }
    }

    @Override
    public String display(String key) {
        return "s3://" + bucket + "/" + key;
    }

    private ConnectorException translate(SdkException e, String action) {
        if (e instanceof S3Exception s3) {
            String code = s3.awsErrorDetails() == null ? "" : String.valueOf(s3.awsErrorDetails().errorCode());
            String reason = code + " (HTTP " + s3.statusCode() + ")";
            if (s3.statusCode() == 401 || s3.statusCode() == 403 || CREDENTIAL_ERRORS.contains(code)) {
                return new ConnectorException(ConnectorException.Kind.AUTHENTICATION,
                        "S3 at " + endpoint + " refused the credentials to " + action + ": " + reason, e);
            }
            if (s3.statusCode() == 404) {
                return new ConnectorException(ConnectorException.Kind.NOT_FOUND, "Cannot " + action + ", not found: " + reason, e);
            }
            return new ConnectorException(ConnectorException.Kind.FAILED, "Cannot " + action + ": " + reason, e);
        }
        if (e instanceof SdkClientException) {
            return new ConnectorException(ConnectorException.Kind.UNREACHABLE,
                    "Cannot reach S3 at " + endpoint + " to " + action + ": " + e.getMessage(), e);
        }
        return new ConnectorException(ConnectorException.Kind.FAILED, "Cannot " + action + ": " + e.getMessage(), e);
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a partial download in the work directory; the platform clears it
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
