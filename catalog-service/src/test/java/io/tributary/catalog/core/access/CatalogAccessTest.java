package io.tributary.catalog.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.auth.Roles;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CatalogAccessTest {

    private final CatalogAccess access = new CatalogAccess(List.of("tributary-ingest"));

    @Test
    void analystsAndStewardsOnlyRead() {
        assertThat(access.derivedRoles(Set.of(Roles.DATA_ANALYST), "web")).containsExactly(CatalogAccess.READER);
        assertThat(access.derivedRoles(Set.of(Roles.DATA_STEWARD), null)).containsExactly(CatalogAccess.READER);
    }

    @Test
    void platformAdminsReadAndWrite() {
        assertThat(access.derivedRoles(Set.of(Roles.PLATFORM_ADMIN), "web"))
                .containsExactlyInAnyOrder(CatalogAccess.READER, CatalogAccess.WRITER);
    }

    @Test
    void theWriterClientReadsAndWritesWhateverItsRoles() {
        assertThat(access.derivedRoles(Set.of(Roles.DATA_PRODUCER), "tributary-ingest"))
                .containsExactlyInAnyOrder(CatalogAccess.READER, CatalogAccess.WRITER);
    }

    @Test
    void otherProducersGetNothing() {
        assertThat(access.derivedRoles(Set.of(Roles.DATA_PRODUCER), "some-app")).isEmpty();
        assertThat(access.derivedRoles(Set.of(), null)).isEmpty();
    }
}
