package io.tributary.catalog.api.iceberg;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.rest.RESTRequest;
import org.apache.iceberg.rest.RESTResponse;
import org.apache.iceberg.rest.RESTSerializers;
import org.apache.iceberg.rest.responses.LoadTableResponse;

/**
 * The JSON of the Iceberg REST protocol, written and read with Iceberg's own serializers on a mapper of its own, so
 * the service's default Jackson mapper stays as the other endpoints expect it.
 */
final class IcebergJson {

    private static final ObjectMapper MAPPER = mapper();

    private IcebergJson() {}

    private static ObjectMapper mapper() {
        JsonFactory factory = new JsonFactoryBuilder()
                .configure(JsonFactory.Feature.INTERN_FIELD_NAMES, false)
                .configure(JsonFactory.Feature.FAIL_ON_SYMBOL_HASH_OVERFLOW, false)
                .build();
        ObjectMapper mapper = new ObjectMapper(factory);
        mapper.setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);
        mapper.setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE);
        mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        RESTSerializers.registerAll(mapper);
        return mapper;
    }

    /** Parses and validates a request body; anything unreadable is a 400 that says where it broke. */
    static <T extends RESTRequest> T read(String body, Class<T> type) {
        if (body == null || body.isBlank()) {
            throw new BadRequestException("Malformed request: the body must be a JSON %s", type.getSimpleName());
        }
        T request;
        try {
            request = MAPPER.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw new BadRequestException("Malformed request: invalid %s: %s", type.getSimpleName(), rootMessage(e));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new BadRequestException("Malformed request: invalid %s: %s", type.getSimpleName(), e.getMessage());
        }
        if (request == null) {
            throw new BadRequestException("Malformed request: the body must be a JSON %s", type.getSimpleName());
        }
        try {
            request.validate();
        } catch (NullPointerException e) {
            throw new BadRequestException("Malformed request: invalid %s: %s", type.getSimpleName(), e.getMessage());
        }
        return request;
    }

    static Response ok(RESTResponse body) {
        return Response.ok(write(body), MediaType.APPLICATION_JSON_TYPE).build();
    }

    /**
     * A table's load or commit answer. When {@code metadataJson} has the JSON of the metadata file the answer names
     * (the catalog keeps it for the files it just read or wrote), the answer is that JSON as it is, inside the
     * {@code LoadTableResult} fields, instead of the metadata serialized again; otherwise, or when the answer vends
     * storage credentials, Iceberg's own serializer writes it.
     */
    static Response okTable(LoadTableResponse response, Function<String, Optional<String>> metadataJson) {
        String location = response.metadataLocation();
        if (location == null || !response.credentials().isEmpty()) {
            return ok(response);
        }
        Optional<String> metadata = metadataJson.apply(location);
        if (metadata.isEmpty()) {
            return ok(response);
        }
        return okTable(location, metadata.get(), response.config());
    }

    /** A {@code LoadTableResult} of the metadata at {@code location}, given as its JSON. */
    static Response okTable(String location, String metadataJson, Map<String, String> config) {
        String configJson = config.isEmpty() ? null : write(config);
        String head = "{\"metadata-location\":" + write(location) + ",\"metadata\":";
        StringBuilder answer = new StringBuilder(
                head.length() + metadataJson.length() + (configJson == null ? 0 : configJson.length() + 10) + 1);
        answer.append(head).append(metadataJson);
        if (configJson != null) {
            answer.append(",\"config\":").append(configJson);
        }
        answer.append('}');
        return Response.ok(answer.toString(), MediaType.APPLICATION_JSON_TYPE).build();
    }

    static String write(Object body) {
        try {
            return MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + body.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private static String rootMessage(JsonProcessingException e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause instanceof JsonProcessingException json ? json.getOriginalMessage() : cause.getMessage();
        String where = e.getLocation() == null
                ? ""
                : " (line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr() + ")";
        return message + where;
    }
}
