package io.tributary.ingest.writer.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcessRoleTest {

    @Test
    void rolesAreReadWhateverTheirCaseAndSpacing() {
        assertThat(ProcessRole.parse("api")).isEqualTo(ProcessRole.API);
        assertThat(ProcessRole.parse(" Writer ")).isEqualTo(ProcessRole.WRITER);
        assertThat(ProcessRole.parse("ALL")).isEqualTo(ProcessRole.ALL);
    }

    @Test
    void onlyTheApiRoleRunsNoWriterAndOnlyTheWriterRoleServesNoRecords() {
        assertThat(ProcessRole.API.runsWriter()).isFalse();
        assertThat(ProcessRole.WRITER.runsWriter()).isTrue();
        assertThat(ProcessRole.ALL.runsWriter()).isTrue();
        assertThat(ProcessRole.WRITER.writerOnly()).isTrue();
        assertThat(ProcessRole.ALL.writerOnly()).isFalse();
        assertThat(ProcessRole.API.writerOnly()).isFalse();
    }

    @Test
    void anyOtherRoleIsRefusedByName() {
        assertThatThrownBy(() -> ProcessRole.parse("reader"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("tributary.ingest.role must be api, writer or all, not 'reader'");
    }
}
