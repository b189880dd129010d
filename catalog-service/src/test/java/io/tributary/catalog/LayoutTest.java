package io.tributary.catalog;

import io.tributary.auth.testing.LayoutContract;

/** The package layout of docs/architecture.md, checked on this service's classes. */
class LayoutTest extends LayoutContract {

    @Override
    protected String basePackage() {
        return "io.tributary.catalog";
    }
}
