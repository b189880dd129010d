package io.tributary.ingest.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SchemaParser;

/**
 * The JSON form of a contract, shared by the catalog's answer and the static file:
 * {@code {"version": 3, "schema": <Iceberg schema JSON>, "key": "customer.id", "producers": ["orders-app"]}},
 * {@code key} and {@code producers} optional (no producers: nobody may insert).
 */
public final class ContractJson {

    private ContractJson() {}

    /** @throws IllegalArgumentException naming what is wrong with it */
    public static IngestContract parse(TableId table, JsonNode contract) {
        if (contract == null || !contract.isObject()) {
            throw new IllegalArgumentException("the contract of " + table + " is not a JSON object");
        }
        JsonNode version = contract.get("version");
        if (version == null || !version.canConvertToExactIntegral() || !version.canConvertToInt()) {
            throw new IllegalArgumentException("the contract of " + table + " has no integer 'version'");
        }
        JsonNode schemaJson = contract.get("schema");
        if (schemaJson == null || !schemaJson.isObject()) {
            throw new IllegalArgumentException("the contract of " + table + " has no 'schema' object");
        }
        Schema schema;
        try {
            schema = SchemaParser.fromJson(schemaJson);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "the contract of " + table + " has an invalid Iceberg schema: " + e.getMessage(), e);
        }
        JsonNode key = contract.get("key");
        if (key != null && !key.isNull() && !key.isTextual()) {
            throw new IllegalArgumentException("the contract of " + table + " has a 'key' that is not a string");
        }
        return new IngestContract(
                table,
                version.intValue(),
                schema,
                key == null || key.isNull() ? null : key.textValue(),
                producers(table, contract.get("producers")));
    }

    private static List<String> producers(TableId table, JsonNode producers) {
        if (producers == null || producers.isNull()) {
            return List.of();
        }
        if (!producers.isArray()) {
            throw new IllegalArgumentException(
                    "the contract of " + table + " has 'producers' that is not an array of strings");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode producer : producers) {
            if (!producer.isTextual()) {
                throw new IllegalArgumentException("the contract of " + table + " has a producer that is not a string");
            }
            String name = producer.textValue().strip();
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }
}
