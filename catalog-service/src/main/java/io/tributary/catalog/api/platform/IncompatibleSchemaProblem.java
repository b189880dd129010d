package io.tributary.catalog.api.platform;

import io.tributary.catalog.platform.IncompatibleSchemaException;

/** Carries an incompatible schema change to {@link IncompatibleSchemaMapper}, which answers 409 per field. */
public class IncompatibleSchemaProblem extends RuntimeException {

    private final transient IncompatibleSchemaException incompatibility;

    IncompatibleSchemaProblem(IncompatibleSchemaException incompatibility) {
        super(incompatibility.getMessage(), incompatibility);
        this.incompatibility = incompatibility;
    }

    IncompatibleSchemaException incompatibility() {
        return incompatibility;
    }
}
