package io.tributary.catalog.core.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JobVersionsTest {

    private static LineageEvent event(String type, String location, List<String> inputs, List<String> outputs) {
        return new LineageEvent(
                LineageEvent.Kind.RUN,
                type,
                Instant.parse("2026-12-01T10:00:00Z"),
                "producer",
                "schema",
                UUID.randomUUID(),
                new LineageEvent.Job("ns", "load", location, null),
                inputs.stream()
                        .map(n -> new LineageEvent.Dataset("ns", n, List.of(), List.of()))
                        .toList(),
                outputs.stream()
                        .map(n -> new LineageEvent.Dataset("ns", n, List.of(), List.of()))
                        .toList(),
                null,
                "{}");
    }

    @Test
    void theSameJobLocationAndDatasetsInAnyOrderAreOneVersion() {
        JobVersions.Version one = JobVersions.of(event("COMPLETE", "git://x", List.of("b", "a"), List.of("o")));
        JobVersions.Version two = JobVersions.of(event("RUNNING", "git://x", List.of("a", "b", "a"), List.of("o")));
        assertThat(one.id()).isEqualTo(two.id());
        assertThat(one.inputs()).containsExactly("dataset:ns:a", "dataset:ns:b");
        assertThat(one.id().version()).isEqualTo(3);
    }

    @Test
    void anyDifferenceIsAnotherVersion() {
        UUID base = JobVersions.of(event("COMPLETE", "git://x", List.of("a"), List.of("o")))
                .id();
        assertThat(JobVersions.of(event("COMPLETE", "git://y", List.of("a"), List.of("o")))
                        .id())
                .isNotEqualTo(base);
        assertThat(JobVersions.of(event("COMPLETE", null, List.of("a"), List.of("o")))
                        .id())
                .isNotEqualTo(base);
        assertThat(JobVersions.of(event("COMPLETE", "git://x", List.of("a", "c"), List.of("o")))
                        .id())
                .isNotEqualTo(base);
        // An input is not an output.
        assertThat(JobVersions.of(event("COMPLETE", "git://x", List.of("a", "o"), List.of()))
                        .id())
                .isNotEqualTo(JobVersions.of(event("COMPLETE", "git://x", List.of("a"), List.of("o")))
                        .id());
    }

    @Test
    void startsAndEventsWithoutDatasetsStateNoVersion() {
        assertThat(JobVersions.of(event("START", null, List.of("a"), List.of("o"))))
                .isNull();
        assertThat(JobVersions.of(event("COMPLETE", null, List.of(), List.of())))
                .isNull();
        assertThat(JobVersions.of(event(null, null, List.of("a"), List.of()))).isNull();
    }
}
