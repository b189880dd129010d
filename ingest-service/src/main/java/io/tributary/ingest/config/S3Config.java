package io.tributary.ingest.config;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/**
 * {@code tributary.s3.*}: the S3 warehouse settings the launcher gives every service (env {@code TRIBUTARY_S3_*}).
 * The lake writer takes only the static keys; endpoint, region and path style come from the catalog's
 * {@code /v1/config}. No defaults here: the catalog owns them.
 */
@ConfigMapping(prefix = "tributary.s3")
public interface S3Config {

    Optional<String> warehouse();

    Optional<String> endpoint();

    Optional<String> region();

    Optional<Boolean> pathStyleAccess();

    /** Static keys for tables in an S3 warehouse; without them the AWS SDK's default credential chain applies. */
    Optional<String> accessKey();

    Optional<String> secretKey();
}
