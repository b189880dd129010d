package io.tributary.query.iceberg;

import io.tributary.query.core.ColumnPredicate;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import org.apache.iceberg.Schema;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.expressions.Binder;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * A statement's column-versus-constant predicates as an Iceberg filter for file pruning. A predicate Iceberg cannot
 * bind exactly as the engine would compare (a literal of another type, a floating-point column) is left out: leaving
 * one out only reads more files, never fewer than needed.
 */
final class PruningFilter {

    private PruningFilter() {}

    static Expression of(Schema schema, List<ColumnPredicate> predicates) {
        Expression filter = Expressions.alwaysTrue();
        for (ColumnPredicate predicate : predicates) {
            Types.NestedField field = schema.caseInsensitiveFindField(predicate.column());
            if (field == null
                    || field.type().typeId() == Type.TypeID.FLOAT
                    || field.type().typeId() == Type.TypeID.DOUBLE
                    || !field.type().isPrimitiveType()) {
                continue;
            }
            Expression expression;
            try {
                expression = expression(field.name(), predicate);
                Binder.bind(schema.asStruct(), expression, false);
            } catch (ValidationException | IllegalArgumentException e) {
                continue;
            }
            filter = Expressions.and(filter, expression);
        }
        return filter;
    }

    private static Expression expression(String column, ColumnPredicate predicate) {
        Object value = switch (predicate.literalKind()) {
            case INTEGER -> Long.parseLong(predicate.literal());
            case NUMERIC -> new BigDecimal(predicate.literal());
            case BOOLEAN -> Boolean.parseBoolean(predicate.literal().toLowerCase(Locale.ROOT));
            case STRING -> predicate.literal();
        };
        return switch (predicate.op()) {
            case EQ -> Expressions.equal(column, value);
            case LT -> Expressions.lessThan(column, value);
            case LE -> Expressions.lessThanOrEqual(column, value);
            case GT -> Expressions.greaterThan(column, value);
            case GE -> Expressions.greaterThanOrEqual(column, value);
        };
    }
}
