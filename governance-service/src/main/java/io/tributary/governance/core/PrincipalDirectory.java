package io.tributary.governance.core;

import java.util.Optional;

/**
 * What governance knows about a user it has not got a token from, such as a Trino user: the roles and attributes of
 * the last token of that user it saw.
 */
public interface PrincipalDirectory {

    Optional<Identity> find(String user);

    /** Remembers what a validated token says about its user. */
    void record(Identity identity);
}
