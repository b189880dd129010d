package io.tributary.query.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.tributary.query.testing.TestLake;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class ArrowStreamApiTest {

    static final String ARROW = "application/vnd.apache.arrow.stream";

    private static byte[] arrow(String sql) {
        TestLake.get();
        return given().auth()
                .oauth2(StatementsApiTest.token("sam"))
                .contentType("application/json")
                .accept(ARROW)
                .body("{\"sql\": \"" + sql + "\"}")
                .post(StatementsApiTest.PATH)
                .then()
                .statusCode(200)
                .contentType(ARROW)
                .extract()
                .asByteArray();
    }

    /** Every batch of the stream, read with Arrow's own reader: the schema, and per row each column's value. */
    private record Read(Schema schema, List<List<Object>> rows, int batches) {}

    private static Read read(byte[] stream) throws Exception {
        try (BufferAllocator allocator = new RootAllocator();
                ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(stream), allocator)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            List<List<Object>> rows = new ArrayList<>();
            int batches = 0;
            while (reader.loadNextBatch()) {
                batches++;
                for (int r = 0; r < root.getRowCount(); r++) {
                    List<Object> row = new ArrayList<>();
                    for (var vector : root.getFieldVectors()) {
                        row.add(vector.isNull(r) ? null : value(vector, r));
                    }
                    rows.add(row);
                }
            }
            return new Read(root.getSchema(), rows, batches);
        }
    }

    private static Object value(org.apache.arrow.vector.FieldVector vector, int row) {
        if (vector instanceof VarCharVector v) {
            return new String(v.get(row), java.nio.charset.StandardCharsets.UTF_8);
        }
        if (vector instanceof VarBinaryVector v) {
            return new String(v.get(row), java.nio.charset.StandardCharsets.UTF_8);
        }
        if (vector instanceof TimeStampMicroTZVector v) {
            long micros = v.get(row);
            return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
        }
        return vector.getObject(row);
    }

    @Test
    void aResultReadsBackWithItsTypesAndNulls() throws Exception {
        Read read = read(arrow("SELECT id, amount, ts, CAST(NULL AS DECIMAL(10,2)) AS no_amount,"
                + " CAST(NULL AS TIMESTAMPTZ) AS no_ts, CAST(NULL AS VARCHAR) AS no_text, CAST('ab' AS BLOB) AS b,"
                + " {'k': [1, 2]} AS s FROM sales.orders WHERE id = 1"));

        assertThat(read.schema().getFields())
                .extracting(f -> f.getName())
                .containsExactly("id", "amount", "ts", "no_amount", "no_ts", "no_text", "b", "s");
        assertThat(read.schema().findField("id").getType()).isEqualTo(new ArrowType.Int(64, true));
        assertThat(read.schema().findField("amount").getType()).isEqualTo(new ArrowType.Decimal(10, 2, 128));
        assertThat(read.schema().findField("ts").getType())
                .isEqualTo(new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"));
        assertThat(read.schema().findField("b").getType()).isEqualTo(ArrowType.Binary.INSTANCE);
        assertThat(read.schema().findField("s").getType()).isEqualTo(ArrowType.Utf8.INSTANCE);
        assertThat(read.rows())
                .containsExactly(Arrays.asList(
                        1L,
                        new BigDecimal("10.50"),
                        Instant.parse("2024-01-01T10:00:00Z"),
                        null,
                        null,
                        null,
                        "ab",
                        "{\"k\":[1,2]}"));
    }

    @Test
    void aLargeResultComesInSeveralBatches() throws Exception {
        Read read = read(arrow("SELECT range AS i FROM range(10000) ORDER BY i"));
        assertThat(read.batches()).isEqualTo((10000 + ArrowStream.BATCH_ROWS - 1) / ArrowStream.BATCH_ROWS);
        assertThat(read.rows()).hasSize(10000);
        assertThat(read.rows().get(9999)).containsExactly(9999L);
        assertThat(read.schema().getFields().get(0).getType()).isEqualTo(new ArrowType.Int(64, true));
    }

    @Test
    void anEmptyResultIsAStreamWithItsSchemaAndNoRows() throws Exception {
        Read read = read(arrow("SELECT id, amount FROM sales.orders WHERE id < 0"));
        assertThat(read.schema().getFields()).hasSize(2);
        assertThat(read.rows()).isEmpty();
    }

    @Test
    void aBodyOverTheLimitIsAProblemNamingIt() {
        byte[] body = new byte[10 * 1024 * 1024 + 1];
        Arrays.fill(body, (byte) ' ');
        given().auth()
                .oauth2(StatementsApiTest.token("sam"))
                .contentType("application/json")
                .header("X-Request-Id", "req-413")
                .body(body)
                .post(StatementsApiTest.PATH)
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("type", equalTo("https://tributary.io/problems/too-large"))
                .body("status", equalTo(413))
                .body("instance", equalTo("req-413"))
                .body("detail", containsString("at most 10485760 bytes (10 MiB)"));
    }
}
