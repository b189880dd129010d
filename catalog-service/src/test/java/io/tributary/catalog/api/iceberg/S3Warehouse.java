package io.tributary.catalog.api.iceberg;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A bucket of its own on the S3 endpoint the launcher started (s3proxy; {@code TRIBUTARY_S3_*} from
 * {@code ./tributary env}), emptied and removed afterwards. The catalog's warehouse is {@code s3://<bucket>/warehouse}.
 */
public class S3Warehouse implements QuarkusTestResourceLifecycleManager {

    /** Where everything a test run writes lives: the bucket's root. */
    static final String ROOT_PROPERTY = "tributary.test.s3-root";

    static final String ENDPOINT = "TRIBUTARY_S3_ENDPOINT";

    private S3Client s3;
    private String bucket;

    static S3Client client() {
        return S3Client.builder()
                .endpointOverride(URI.create(System.getenv(ENDPOINT)))
                .region(Region.of(System.getenv().getOrDefault("TRIBUTARY_S3_REGION", "us-east-1")))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        System.getenv("TRIBUTARY_S3_ACCESS_KEY"), System.getenv("TRIBUTARY_S3_SECRET_KEY"))))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @Override
    public Map<String, String> start() {
        s3 = client();
        bucket = "tributary-test-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(request -> request.bucket(bucket));
        String tmp = Path.of(System.getProperty("java.io.tmpdir"))
                .toAbsolutePath()
                .toUri()
                .toString();
        return Map.of(
                "tributary.storage",
                "s3",
                // Iceberg's suites place some tables at explicit locations: under /tmp and under the bucket's custom/.
                "tributary.catalog.iceberg.allowed-locations",
                tmp + ",s3://" + bucket + "/custom/",
                "tributary.s3.warehouse",
                "s3://" + bucket + "/warehouse",
                "tributary.s3.endpoint",
                System.getenv(ENDPOINT),
                "tributary.s3.path-style-access",
                "true",
                "tributary.s3.access-key",
                System.getenv("TRIBUTARY_S3_ACCESS_KEY"),
                "tributary.s3.secret-key",
                System.getenv("TRIBUTARY_S3_SECRET_KEY"),
                ROOT_PROPERTY,
                "s3://" + bucket + "/");
    }

    @Override
    public void stop() {
        if (s3 == null) {
            return;
        }
        for (S3Object object : s3.listObjectsV2Paginator(
                        ListObjectsV2Request.builder().bucket(bucket).build())
                .contents()) {
            s3.deleteObject(request -> request.bucket(bucket).key(object.key()));
        }
        s3.deleteBucket(request -> request.bucket(bucket));
        s3.close();
    }
}
