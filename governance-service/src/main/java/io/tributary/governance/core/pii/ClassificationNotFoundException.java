package io.tributary.governance.core.pii;

import java.util.UUID;

/** No classification has the id asked for. */
public final class ClassificationNotFoundException extends RuntimeException {

    public ClassificationNotFoundException(UUID id) {
        super("Classification " + id + " does not exist.");
    }
}
