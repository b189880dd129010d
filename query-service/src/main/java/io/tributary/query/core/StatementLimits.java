package io.tributary.query.core;

import java.time.Duration;

/**
 * The service's limits on statements.
 *
 * @param pageRows          rows per page of a paged JSON result
 * @param maxResultRows     rows a result may have; more fails the statement as too large
 * @param maxResultBytes    bytes (roughly, as values) a result may have
 * @param defaultTimeout    a statement's timeout unless the request sets a shorter one
 * @param maxTimeout        the longest timeout a request may ask for
 * @param maxConcurrent     statements one principal may run at once
 * @param initialWait       how long a POST or GET waits for the next page before answering RUNNING
 * @param idleTimeout       how long a finished or unread statement is kept for its caller
 */
public record StatementLimits(
        int pageRows,
        long maxResultRows,
        long maxResultBytes,
        Duration defaultTimeout,
        Duration maxTimeout,
        int maxConcurrent,
        Duration initialWait,
        Duration idleTimeout) {}
