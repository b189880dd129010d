package io.tributary.query.core;

/**
 * A result column.
 *
 * @param type    the type in Iceberg's terms ({@code long}, {@code decimal(10,2)}, {@code timestamptz}), the same
 *                whichever engine ran
 * @param sqlType the engine's own SQL type name
 */
public record ResultColumn(String name, String type, String sqlType) {}
