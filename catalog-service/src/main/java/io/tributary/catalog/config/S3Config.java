package io.tributary.catalog.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * {@code tributary.s3.*}: the S3 warehouse, used when {@code tributary.storage=s3}. Env: {@code TRIBUTARY_S3_ENDPOINT},
 * {@code TRIBUTARY_S3_ACCESS_KEY}, ...
 */
@ConfigMapping(prefix = "tributary.s3")
public interface S3Config {

    /** The warehouse root, {@code s3://bucket[/prefix]}. The bucket must exist. */
    @WithDefault("s3://tributary/warehouse")
    String warehouse();

    /** An S3-compatible endpoint (MinIO, s3proxy, ...); AWS itself when absent. */
    Optional<String> endpoint();

    @WithDefault("us-east-1")
    String region();

    /** Path-style addressing ({@code endpoint/bucket/key}), which most S3-compatible stores need. */
    @WithDefault("false")
    boolean pathStyleAccess();

    /** Static credentials; without them the AWS SDK's default credential chain applies. */
    Optional<String> accessKey();

    Optional<String> secretKey();
}
