package io.tributary.catalog.core.lineage;

/** One fault of a lineage event: an RFC 6901 pointer into the event and what is wrong there. */
public record LineageViolation(String pointer, String message) {}
