package io.tributary.contracts.problem.jaxrs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.tributary.contracts.problem.JsonPointer;
import io.tributary.contracts.problem.Problem;
import io.tributary.contracts.problem.ProblemType;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;

/** A request body that is not valid JSON, or JSON of the wrong shape: 400 naming where it broke. */
@Provider
public class MalformedJsonMapper implements ExceptionMapper<JsonProcessingException> {

    @Context
    HttpHeaders headers;

    @Override
    public Response toResponse(JsonProcessingException exception) {
        String pointer = exception instanceof JsonMappingException mapping ? pointer(mapping) : "";
        String where = exception.getLocation() == null
                ? ""
                : " at line " + exception.getLocation().getLineNr() + ", column "
                        + exception.getLocation().getColumnNr();
        String detail =
                "The request body is not valid JSON for this endpoint" + where + ": " + exception.getOriginalMessage();
        Problem problem = ProblemType.MALFORMED_JSON.problem(
                detail, List.of(new Problem.Violation(pointer, exception.getOriginalMessage())));
        return ProblemResponses.of(problem, headers);
    }

    private static String pointer(JsonMappingException mapping) {
        String pointer = "";
        for (JsonMappingException.Reference ref : mapping.getPath()) {
            pointer = ref.getFieldName() != null
                    ? JsonPointer.append(pointer, ref.getFieldName())
                    : JsonPointer.append(pointer, ref.getIndex());
        }
        return pointer;
    }
}
