package io.tributary.catalog.config;

import io.tributary.catalog.core.lineage.LineageService;
import io.tributary.catalog.core.lineage.LineageStore;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Wires the framework-free {@link LineageService} to its store (a {@link LineageStore} bean). */
public class LineageProducer {

    @Produces
    @Singleton
    LineageService lineage(LineageStore store) {
        return new LineageService(store);
    }
}
