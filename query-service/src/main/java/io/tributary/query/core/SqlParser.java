package io.tributary.query.core;

import com.fasterxml.jackson.databind.JsonNode;

/** The engine's own parser, so that inspection sees exactly what the engine would run. */
public interface SqlParser {

    /**
     * @return the parse tree of a statement that parsed
     * @throws QueryException {@link QueryException.Reason#SYNTAX} with the position of the fault, or
     *                        {@link NonSelectException} for a statement that is not a SELECT
     */
    JsonNode parse(String sql);
}
