package io.tributary.ingest.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MaintenanceRequestTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static MaintenanceRequest parse(String body) throws Exception {
        return MaintenanceRequest.parse(body == null ? null : JSON.readTree(body));
    }

    private static MaintenanceRequest.InvalidRequestException refused(String body) {
        return catchThrowableOfType(MaintenanceRequest.InvalidRequestException.class, () -> parse(body));
    }

    @Test
    void noBodyRunsEveryActionWithTheTablesPolicy() throws Exception {
        assertThat(parse(null)).isEqualTo(MaintenanceRequest.all());
        assertThat(parse("{}").actions()).isEqualTo(EnumSet.allOf(MaintenanceAction.class));
    }

    @Test
    void actionsAndOverridesAreRead() throws Exception {
        MaintenanceRequest request =
                parse("{\"actions\": [\"expire-snapshots\", \"compact\"], \"older-than\": \"PT0S\", \"retain-last\": 2,"
                        + " \"min-small-files\": 3, \"max-manifests\": 4, \"orphan-older-than\": \"PT2H\"}");
        assertThat(request.actions()).containsExactly(MaintenanceAction.COMPACT, MaintenanceAction.EXPIRE_SNAPSHOTS);
        assertThat(request.olderThan()).contains(Duration.ZERO);
        assertThat(request.retainLast()).contains(2);
        assertThat(request.minSmallFiles()).contains(3);
        assertThat(request.maxManifests()).contains(4);
        assertThat(request.orphanOlderThan()).contains(Duration.ofHours(2));
        assertThat(parse("{\"older-than\": null}").olderThan()).isEqualTo(Optional.empty());
    }

    @Test
    void eachFaultNamesItsField() {
        assertThat(refused("{\"actions\": [\"vacuum\"]}").pointer()).isEqualTo("/actions/0");
        assertThat(refused("{\"actions\": []}").pointer()).isEqualTo("/actions");
        assertThat(refused("{\"actions\": \"compact\"}").pointer()).isEqualTo("/actions");
        assertThat(refused("{\"older-than\": \"1 hour\"}").pointer()).isEqualTo("/older-than");
        assertThat(refused("{\"older-than\": \"-PT1H\"}").pointer()).isEqualTo("/older-than");
        assertThat(refused("{\"retain-last\": 0}").pointer()).isEqualTo("/retain-last");
        assertThat(refused("{\"retain-last\": 1.5}").pointer()).isEqualTo("/retain-last");
        assertThat(refused("{\"min-small-files\": 1}").pointer()).isEqualTo("/min-small-files");
        assertThat(refused("{\"orphan-older-than\": \"PT10M\"}"))
                .hasMessageContaining("at least PT1H")
                .extracting(MaintenanceRequest.InvalidRequestException::pointer)
                .isEqualTo("/orphan-older-than");
        assertThat(refused("{\"retain\": 3}")).hasMessageContaining("unknown field 'retain'");
        assertThat(refused("[1]").pointer()).isEmpty();
    }
}
