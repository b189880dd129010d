package io.tributary.ingest.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** How record JSON is read: exactly, strictly, and within bounds. */
public final class IngestJson {

    private IngestJson() {}

    /**
     * A mapper that keeps numbers exact ({@code 12.50} stays a BigDecimal of scale 2, never a double), rejects
     * duplicate keys instead of keeping the last, rejects text after the value, and refuses nesting deeper than {@code maxDepth} + 1 (one level
     * for an enclosing array) before building any tree.
     */
    public static JsonMapper mapper(int maxDepth) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxDepth + 1)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        return JsonMapper.builder(factory)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
                .build();
    }
}
