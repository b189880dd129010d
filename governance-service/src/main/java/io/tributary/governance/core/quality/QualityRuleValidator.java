package io.tributary.governance.core.quality;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.contracts.problem.JsonPointer;
import io.tributary.governance.core.CatalogLookup;
import io.tributary.governance.core.ColumnInfo;
import io.tributary.governance.core.TableInfo;
import io.tributary.governance.core.expr.SqlType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a rule from a request body and checks it against its table in the catalog: every column exists, and each
 * column's type fits the rule (a range needs a number, a pattern a string, freshness a timestamp). All faults are
 * reported together; a table the catalog does not have is {@link UnknownTableException}.
 */
public final class QualityRuleValidator {

    private final CatalogLookup catalog;

    public QualityRuleValidator(CatalogLookup catalog) {
        this.catalog = catalog;
    }

    public QualityRule.Draft read(JsonNode body) {
        List<RuleViolation> faults = new ArrayList<>();
        QualityRule.Draft draft = QualityRuleCodec.read(body, faults);
        if (draft.table() != null) {
            TableInfo table = catalog.table(draft.table()).orElseThrow(() -> new UnknownTableException(draft.table()));
            if (draft.check() != null) {
                faults.addAll(fit(draft.check(), table));
            } else {
                faults.addAll(unknownColumns(body.get("columns"), table));
            }
        }
        if (!faults.isEmpty()) {
            throw new InvalidQualityRuleException("The quality rule cannot apply.", faults);
        }
        return draft;
    }

    /** The named columns the table lacks, for a rule whose other faults keep it from being read whole. */
    private static List<RuleViolation> unknownColumns(JsonNode columns, TableInfo table) {
        List<RuleViolation> faults = new ArrayList<>();
        if (columns != null && columns.isArray()) {
            for (int i = 0; i < columns.size(); i++) {
                JsonNode column = columns.get(i);
                if (column.isTextual() && table.column(column.asText()).isEmpty()) {
                    faults.add(unknownColumn(JsonPointer.append("/columns", i), table));
                }
            }
        }
        return faults;
    }

    private static RuleViolation unknownColumn(String pointer, TableInfo table) {
        return new RuleViolation(
                pointer,
                "is not a column of " + table.ref() + " (columns: " + String.join(", ", table.columnNames()) + ")");
    }

    /** Faults of a well-formed check against the table's current columns. */
    static List<RuleViolation> fit(RuleCheck check, TableInfo table) {
        List<RuleViolation> faults = new ArrayList<>();
        List<String> columns = check.columns();
        for (int i = 0; i < columns.size(); i++) {
            String pointer = check instanceof RuleCheck.Schema
                    ? JsonPointer.append("/params/types", columns.get(i))
                    : JsonPointer.append("/columns", i);
            if (table.column(columns.get(i)).isEmpty()) {
                faults.add(unknownColumn(pointer, table));
            }
        }
        if (!faults.isEmpty() || columns.isEmpty()) {
            return faults;
        }
        ColumnInfo column = table.column(columns.get(0)).orElseThrow();
        SqlType.Kind kind = column.type().kind();
        if (check instanceof RuleCheck.Range && kind != SqlType.Kind.NUMBER) {
            faults.add(new RuleViolation("/columns/0", typeFault(column, "a range needs a number column")));
        } else if ((check instanceof RuleCheck.Regex || check instanceof RuleCheck.Length)
                && kind != SqlType.Kind.STRING) {
            faults.add(new RuleViolation(
                    "/columns/0", typeFault(column, "a " + check.type().wireName() + " rule needs a string column")));
        } else if (check instanceof RuleCheck.Freshness && kind != SqlType.Kind.TIMESTAMP) {
            faults.add(new RuleViolation("/columns/0", typeFault(column, "freshness needs a timestamp column")));
        } else if (check instanceof RuleCheck.AcceptedValues values) {
            Class<?> wanted = wantedValueClass(column.type());
            for (int i = 0; i < values.values().size(); i++) {
                if (!wanted.isInstance(values.values().get(i))) {
                    faults.add(new RuleViolation(
                            JsonPointer.append("/params/values", i),
                            "must be a "
                                    + (wanted == BigDecimal.class
                                            ? "number"
                                            : wanted == Boolean.class ? "boolean" : "string")
                                    + " to compare with column " + column.name() + " (" + typeName(column) + ")"));
                }
            }
        }
        return faults;
    }

    private static Class<?> wantedValueClass(SqlType type) {
        if (type.kind() == SqlType.Kind.NUMBER) {
            return BigDecimal.class;
        }
        if ("BOOLEAN".equals(type.duckdb())) {
            return Boolean.class;
        }
        return String.class;
    }

    private static String typeFault(ColumnInfo column, String need) {
        return "is " + typeName(column) + ": " + need;
    }

    private static String typeName(ColumnInfo column) {
        return Optional.ofNullable(column.type().trino()).orElse("of an unknown type");
    }
}
