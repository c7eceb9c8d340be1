package io.zhongtai.connector.file;

/** An {@code s3://bucket/key} URL. */
record S3Path(String bucket, String key) {
    static boolean isS3(String path) {
        return path.startsWith("s3://");
    }

    static S3Path parse(String url) {
        String rest = url.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        if (bucket.isEmpty()) {
            throw new IllegalArgumentException("Not an S3 URL, the bucket is missing: " + url);
        }
        return new S3Path(bucket, slash < 0 ? "" : rest.substring(slash + 1));
    }
}
