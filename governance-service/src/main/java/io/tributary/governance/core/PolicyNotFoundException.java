package io.tributary.governance.core;

import java.util.UUID;

public class PolicyNotFoundException extends RuntimeException {
    public PolicyNotFoundException(UUID id) {
        super("No policy " + id + ".");
    }
}
