package io.tributary.catalog.core.lineage;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Which job version a run event states, as Marquez versions jobs: one per distinct job, source code location, inputs
 * and outputs, its id name-based (MD5, RFC 4122 version 3) from those, so every replica and every repeat agrees on it.
 */
public final class JobVersions {

    /** Event types whose datasets describe what the run did; a START's may still change. */
    private static final Set<String> VERSIONED = Set.of("RUNNING", "COMPLETE", "FAIL", "ABORT");

    private JobVersions() {}

    /** The version a run event states, or null when it states none (no job, no datasets, or not yet running). */
    public static Version of(LineageEvent event) {
        if (event.kind() != LineageEvent.Kind.RUN
                || event.job() == null
                || event.eventType() == null
                || !VERSIONED.contains(event.eventType())
                || (event.inputs().isEmpty() && event.outputs().isEmpty())) {
            return null;
        }
        List<String> inputs = sorted(event.inputs());
        List<String> outputs = sorted(event.outputs());
        String location = event.job().location();
        return new Version(versionOf(event.job().node(), location, inputs, outputs), location, inputs, outputs);
    }

    /** Dataset node ids are one per line, inputs and outputs apart, so no two different versions share a name. */
    public static UUID versionOf(NodeId job, String location, List<String> inputs, List<String> outputs) {
        String name = job + "\n" + (location == null ? "" : location) + "\n" + String.join("\n", inputs) + "\n\n"
                + String.join("\n", outputs);
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> sorted(Collection<LineageEvent.Dataset> datasets) {
        Set<String> ids = new TreeSet<>();
        datasets.forEach(dataset -> ids.add(dataset.node().toString()));
        return List.copyOf(ids);
    }

    /** A job version: its id, source code location (null when not reported) and sorted dataset node ids. */
    public record Version(UUID id, String location, List<String> inputs, List<String> outputs) {}
}
