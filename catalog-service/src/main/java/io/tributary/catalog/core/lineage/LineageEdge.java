package io.tributary.catalog.core.lineage;

/** A directed edge of the lineage graph: data flows from {@code origin} to {@code destination}. */
public record LineageEdge(NodeId origin, NodeId destination) {}
