package io.tributary.governance.core.quality;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** What a rule asserts, one record per {@link RuleType}, with its columns and parameters already typed. */
public sealed interface RuleCheck {

    RuleType type();

    /** The table columns the rule reads, in the order the rule names them. */
    List<String> columns();

    /** Every listed column holds a value in every row. */
    record NotNull(List<String> columns) implements RuleCheck {
        public RuleType type() {
            return RuleType.NOT_NULL;
        }
    }

    /** No two rows share the same values of the columns (rows with a NULL among them are not compared). */
    record Unique(List<String> columns) implements RuleCheck {
        public RuleType type() {
            return RuleType.UNIQUE;
        }
    }

    /** The column's non-NULL values are all among {@code values} (strings, numbers or booleans). */
    record AcceptedValues(String column, List<Object> values) implements RuleCheck {
        public RuleType type() {
            return RuleType.ACCEPTED_VALUES;
        }

        public List<String> columns() {
            return List.of(column);
        }
    }

    /** The column's non-NULL values lie between {@code min} and {@code max}; either bound may be absent. */
    record Range(String column, BigDecimal min, BigDecimal max, boolean minInclusive, boolean maxInclusive)
            implements RuleCheck {
        public RuleType type() {
            return RuleType.RANGE;
        }

        public List<String> columns() {
            return List.of(column);
        }
    }

    /** The column's non-NULL values contain a match of {@code pattern} (anchor it with ^ and $ to match all). */
    record Regex(String column, String pattern) implements RuleCheck {
        public RuleType type() {
            return RuleType.REGEX;
        }

        public List<String> columns() {
            return List.of(column);
        }
    }

    /** The column's non-NULL values have from {@code min} to {@code max} characters; either bound may be absent. */
    record Length(String column, Long min, Long max) implements RuleCheck {
        public RuleType type() {
            return RuleType.LENGTH;
        }

        public List<String> columns() {
            return List.of(column);
        }
    }

    /** The checked rows number from {@code min} to {@code max}; either bound may be absent. */
    record RowCount(Long min, Long max) implements RuleCheck {
        public RuleType type() {
            return RuleType.ROW_COUNT;
        }

        public List<String> columns() {
            return List.of();
        }
    }

    /** The newest value of a timestamp column is at most {@code maxAge} old. */
    record Freshness(String column, Duration maxAge) implements RuleCheck {
        public RuleType type() {
            return RuleType.FRESHNESS;
        }

        public List<String> columns() {
            return List.of(column);
        }
    }

    /** Each column is present with the Iceberg type given ({@code long}, {@code string}, {@code decimal(10, 2)}...). */
    record Schema(Map<String, String> types) implements RuleCheck {
        public RuleType type() {
            return RuleType.SCHEMA;
        }

        public List<String> columns() {
            return List.copyOf(types.keySet());
        }
    }

    /** A SELECT that returns the failing rows: the rule holds when it returns none. */
    record Sql(String sql) implements RuleCheck {
        public RuleType type() {
            return RuleType.SQL;
        }

        public List<String> columns() {
            return List.of();
        }
    }
}
