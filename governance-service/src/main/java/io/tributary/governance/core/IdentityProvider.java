package io.tributary.governance.core;

import java.util.Optional;

/**
 * Who a user is by the identity provider's account right now: the effective realm roles (composites expanded) and the
 * attributes policies may read. Answers questions about users governance has no recent token of, such as Trino users.
 */
public interface IdentityProvider {

    /**
     * @return the user, or empty when the provider has no enabled user of that name
     * @throws IdentityProviderUnavailableException when the provider cannot answer
     */
    Optional<Identity> lookup(String user);
}
