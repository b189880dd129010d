package io.tributary.ingest.core;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SchemaParser;

/**
 * The JSON form of a contract, shared by the catalog's answer and the static file:
 * {@code {"version": 3, "schema": <Iceberg schema JSON>, "key": "customer.id"}}, {@code key} optional.
 */
public final class ContractJson {

    private ContractJson() {
    }

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
            throw new IllegalArgumentException("the contract of " + table + " has an invalid Iceberg schema: " + e.getMessage(), e);
        }
        JsonNode key = contract.get("key");
        if (key != null && !key.isNull() && !key.isTextual()) {
            throw new IllegalArgumentException("the contract of " + table + " has a 'key' that is not a string");
        }
        return new IngestContract(table, version.intValue(), schema, key == null || key.isNull() ? null : key.textValue());
    }
}
