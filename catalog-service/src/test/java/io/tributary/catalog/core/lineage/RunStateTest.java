package io.tributary.catalog.core.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RunStateTest {

    static final Instant T1 = Instant.parse("2026-12-01T10:00:00Z");
    static final Instant T2 = Instant.parse("2026-12-01T10:05:00Z");

    @Test
    void eventTypesMapToMarquezStates() {
        assertThat(RunState.of("START")).isEqualTo(RunState.RUNNING);
        assertThat(RunState.of("RUNNING")).isEqualTo(RunState.RUNNING);
        assertThat(RunState.of("COMPLETE")).isEqualTo(RunState.COMPLETED);
        assertThat(RunState.of("FAIL")).isEqualTo(RunState.FAILED);
        assertThat(RunState.of("ABORT")).isEqualTo(RunState.ABORTED);
        assertThat(RunState.of("OTHER")).isNull();
        assertThat(RunState.of(null)).isNull();
    }

    @Test
    void aLateStartNeverUndoesTheEnd() {
        assertThat(RunState.moves(null, null, RunState.RUNNING, T1)).isTrue();
        assertThat(RunState.moves(RunState.RUNNING, T1, RunState.COMPLETED, T2)).isTrue();
        // COMPLETE arrives first, START late: the run stays completed.
        assertThat(RunState.moves(RunState.COMPLETED, T2, RunState.RUNNING, T1)).isFalse();
        assertThat(RunState.moves(RunState.COMPLETED, T1, RunState.RUNNING, T2)).isFalse();
        // A terminal state wins over running even with an earlier time (clocks of two emitters differ).
        assertThat(RunState.moves(RunState.RUNNING, T2, RunState.FAILED, T1)).isTrue();
        // Between two ends, the later one.
        assertThat(RunState.moves(RunState.FAILED, T1, RunState.COMPLETED, T2)).isTrue();
        assertThat(RunState.moves(RunState.COMPLETED, T2, RunState.FAILED, T1)).isFalse();
        // OTHER reports no state.
        assertThat(RunState.moves(RunState.RUNNING, T1, null, T2)).isFalse();
    }
}
