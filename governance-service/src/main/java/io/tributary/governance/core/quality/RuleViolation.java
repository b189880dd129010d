package io.tributary.governance.core.quality;

/** One fault of a quality rule: a JSON pointer into the request body and what is wrong there. */
public record RuleViolation(String pointer, String message) {}
