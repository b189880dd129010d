package io.tributary.query;

import io.tributary.auth.testing.LayoutContract;

/** The layout rules of docs/architecture.md, on this service's classes. */
class LayoutTest extends LayoutContract {

    @Override
    protected String basePackage() {
        return "io.tributary.query";
    }
}
