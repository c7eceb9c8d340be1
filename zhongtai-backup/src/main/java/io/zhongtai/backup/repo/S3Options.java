package io.zhongtai.backup.repo;

import java.net.URI;

/**
 * How to reach an {@code s3://} repository; every field is optional (null = the AWS SDK's default). Credentials are
 * the values themselves, not names of environment variables. {@code pathStyle} addresses the bucket in the path
 * ({@code endpoint/bucket/key}), which most S3-compatible stores reached through an endpoint need.
 */
public record S3Options(URI endpoint, String region, String accessKey, String secretKey, boolean pathStyle) {
    public static final S3Options DEFAULT = new S3Options(null, null, null, null, false);

    /** Leaves the secret key out, so options can be logged. */
    @Override
    public String toString() {
        return "S3Options[endpoint=" + endpoint + ", region=" + region + ", accessKey=" + accessKey
                + ", secretKey=" + (secretKey == null ? null : "***") + ", pathStyle=" + pathStyle + "]";
    }
}
