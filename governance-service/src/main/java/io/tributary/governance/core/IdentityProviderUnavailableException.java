package io.tributary.governance.core;

/** The identity provider cannot say who a user is; decisions about that user are denials until it can. */
public final class IdentityProviderUnavailableException extends RuntimeException {

    public IdentityProviderUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
