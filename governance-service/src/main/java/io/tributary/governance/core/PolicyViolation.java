package io.tributary.governance.core;

/** One fault of a policy: a JSON pointer into the request body and what is wrong there. */
public record PolicyViolation(String pointer, String message) {}
