package io.tributary.governance.core.expr;

/** Where an expression is rendered for: our own neutral syntax (the policy language), DuckDB, or Trino. */
public enum SqlDialect {
    NEUTRAL,
    DUCKDB,
    TRINO
}
