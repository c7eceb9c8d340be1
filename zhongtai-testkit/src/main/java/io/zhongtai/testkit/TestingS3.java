package io.zhongtai.testkit;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.domain.StorageType;
import org.jclouds.blobstore.options.ListContainerOptions;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A real S3 API (S3Proxy over a jclouds filesystem blob store in a temporary directory) with one
 * bucket, {@value #BUCKET}. Requests must be signed with {@link #accessKey()} / {@link #secretKey()}.
 */
public final class TestingS3 implements AutoCloseable {
    public static final String BUCKET = "warehouse";
    private static final String ACCESS_KEY = "zt-access";
    private static final String SECRET_KEY = "zt-secret";

    private final Path dir;
    private final BlobStoreContext context;
    private final S3Proxy proxy;

    public TestingS3() throws Exception {
        dir = Files.createTempDirectory("zt-s3");
        Properties props = new Properties();
        props.setProperty("jclouds.filesystem.basedir", dir.toString());
        context = ContextBuilder.newBuilder("filesystem").overrides(props).build(BlobStoreContext.class);
        context.getBlobStore().createContainerInLocation(null, BUCKET);
        proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                // AWS SDK 2.30+ sends x-amz-checksum-crc32 with every upload, which S3Proxy 2.6 does not verify.
                .ignoreUnknownHeaders(true)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
            }
            Thread.sleep(10);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    public String accessKey() {
        return ACCESS_KEY;
    }

    public String secretKey() {
        return SECRET_KEY;
    }

    public BlobStore blobStore() {
        return context.getBlobStore();
    }

    /** Keys of all objects in the bucket under {@code prefix}, sorted. */
    public List<String> keys(String prefix) {
        List<String> keys = new ArrayList<>();
        ListContainerOptions options = ListContainerOptions.Builder.prefix(prefix).recursive();
        String marker = null;
        do {
            var page = blobStore().list(BUCKET, marker == null ? options : options.clone().afterMarker(marker));
            for (StorageMetadata m : page) {
                if (m.getType() == StorageType.BLOB) {
                    keys.add(m.getName());
                }
            }
            marker = page.getNextMarker();
        } while (marker != null);
        keys.sort(null);
        return keys;
    }

    /** Writes an object directly, bypassing the platform. */
    public void put(String key, byte[] content) {
        blobStore().putBlob(BUCKET, blobStore().blobBuilder(key).payload(content).contentLength(content.length).build());
    }

    @Override
    public void close() throws Exception {
        try {
            proxy.stop();
        } finally {
            context.close();
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
