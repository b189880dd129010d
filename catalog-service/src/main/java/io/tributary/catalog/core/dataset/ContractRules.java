package io.tributary.catalog.core.dataset;

import java.util.List;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * The catalog-wide rule every table commit passes, whichever API it came through: a change of the current schema
 * must satisfy the table's compatibility mode. The mode in force is the one the table has after the commit, so a
 * change of mode applies to the schema change committed with it; a table without a mode has {@code NONE}.
 */
public final class ContractRules {

    private ContractRules() {}

    /**
     * @throws IncompatibleSchemaException when the new current schema breaks the mode
     * @throws IllegalArgumentException    when the compatibility property holds no valid mode
     */
    public static void check(TableIdentifier identifier, TableMetadata base, TableMetadata updated) {
        CompatibilityMode mode = DatasetProperties.compatibility(updated.properties());
        if (base == null || base.currentSchemaId() == updated.currentSchemaId() || mode == CompatibilityMode.NONE) {
            return;
        }
        List<Incompatibility> problems = SchemaCompatibility.check(base.schema(), updated.schema(), mode);
        if (!problems.isEmpty()) {
            throw new IncompatibleSchemaException(identifier.toString(), mode, problems);
        }
    }
}
