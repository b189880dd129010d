package io.tributary.governance.core.opa;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.governance.core.CatalogLookup;
import io.tributary.governance.core.ColumnInfo;
import io.tributary.governance.core.Identity;
import io.tributary.governance.core.IdentityProviderUnavailableException;
import io.tributary.governance.core.Masks;
import io.tributary.governance.core.Policy;
import io.tributary.governance.core.PolicyBody;
import io.tributary.governance.core.PolicyEvaluator;
import io.tributary.governance.core.PolicySet;
import io.tributary.governance.core.PrincipalDirectory;
import io.tributary.governance.core.Privilege;
import io.tributary.governance.core.Securable;
import io.tributary.governance.core.Subject;
import io.tributary.governance.core.TableDecision;
import io.tributary.governance.core.TableInfo;
import io.tributary.governance.core.TableRef;
import io.tributary.governance.core.expr.Expr;
import io.tributary.governance.core.expr.SqlDialect;
import io.tributary.governance.core.expr.SqlRenderer;
import io.tributary.governance.core.expr.SqlType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Trino's OPA access-control contract (the {@code opa} plugin of Trino 476), answered from the same policies as every
 * other decision. Trino's schemas are our namespaces and its tables our tables, in one configured catalog; the
 * {@code system} catalog and every {@code information_schema} are readable, since Trino filters what they list
 * through the {@code Filter*} operations. Other configured (federated) catalogs are reached only by grants naming them
 * ({@code catalog:name[.schema[.table]]}) or MANAGE on {@code *}. Operations this class does not know are denied,
 * and so is everything a user asks while the identity provider cannot say who that user is.
 */
public final class TrinoAccessControl {

    public static final String SYSTEM_CATALOG = "system";
    public static final String INFORMATION_SCHEMA = "information_schema";

    private static final Set<String> ALWAYS =
            Set.of("ExecuteQuery", "SetSystemSessionProperty", "SetCatalogSessionProperty", "ShowFunctions");
    private static final Set<String> TABLE_MODIFY = Set.of(
            "CreateTable",
            "CreateView",
            "CreateMaterializedView",
            "DropTable",
            "DropView",
            "DropMaterializedView",
            "RenameTable",
            "RenameView",
            "RenameMaterializedView",
            "RefreshMaterializedView",
            "SetTableComment",
            "SetViewComment",
            "SetColumnComment",
            "AddColumn",
            "DropColumn",
            "RenameColumn",
            "AlterColumn",
            "SetTableProperties",
            "SetMaterializedViewProperties",
            "SetTableAuthorization",
            "SetViewAuthorization",
            "DeleteFromTable",
            "TruncateTable",
            "UpdateTableColumns",
            "ExecuteTableProcedure");
    private static final Set<String> SCHEMA_MANAGE =
            Set.of("CreateSchema", "DropSchema", "RenameSchema", "SetSchemaAuthorization");
    private static final Set<String> TABLE_SELECT =
            Set.of("SelectFromColumns", "ShowColumns", "ShowCreateTable", "CreateViewWithSelectFromColumns");

    private final Supplier<PolicySet> policies;
    private final CatalogLookup catalog;
    private final PrincipalDirectory directory;
    private final PolicyEvaluator evaluator;
    private final String catalogName;
    private final String hashSalt;
    private final Set<String> federatedCatalogs;

    /** @param catalogName the Trino catalog that is our Iceberg catalog */
    public TrinoAccessControl(
            Supplier<PolicySet> policies,
            CatalogLookup catalog,
            PrincipalDirectory directory,
            PolicyEvaluator evaluator,
            String catalogName,
            String hashSalt) {
        this(policies, catalog, directory, evaluator, catalogName, hashSalt, Set.of());
    }

    /** @param federatedCatalogs the other Trino catalogs grants may name (never ours or {@code system}) */
    public TrinoAccessControl(
            Supplier<PolicySet> policies,
            CatalogLookup catalog,
            PrincipalDirectory directory,
            PolicyEvaluator evaluator,
            String catalogName,
            String hashSalt,
            Set<String> federatedCatalogs) {
        this.federatedCatalogs = federatedCatalogs.stream()
                .filter(c -> !c.equals(catalogName) && !c.equals(SYSTEM_CATALOG))
                .collect(Collectors.toUnmodifiableSet());
        this.policies = policies;
        this.catalog = catalog;
        this.directory = directory;
        this.evaluator = evaluator;
        this.catalogName = catalogName;
        this.hashSalt = hashSalt;
    }

    /** The operation named in a request, for logs and audit. */
    public static String operation(JsonNode request) {
        JsonNode op = request.path("input").path("action").path("operation");
        return op.isTextual() ? op.asText() : "";
    }

    /** The Trino user named in a request. */
    public static String user(JsonNode request) {
        JsonNode user = request.path("input").path("context").path("identity").path("user");
        return user.isTextual() ? user.asText() : null;
    }

    // --- opa.policy.uri -------------------------------------------------------------------------------------

    public boolean allow(JsonNode request) {
        PolicySet set = policies.get();
        Optional<Subject> known = knownSubject(request, set);
        if (known.isEmpty()) {
            return false;
        }
        Subject subject = known.get();
        JsonNode action = request.path("input").path("action");
        String operation = operation(request);
        JsonNode resource = action.path("resource");
        if (ALWAYS.contains(operation)) {
            return true;
        }
        switch (operation) {
            case "AccessCatalog":
            case "ShowSchemas":
                return catalogVisible(
                        set, subject, resource.path("catalog").path("name").asText(null));
            case "ShowTables":
            case "ShowCreateSchema":
                return schemaVisible(set, subject, resource.path("schema"));
            case "ExecuteFunction":
                return resource.path("function").path("catalogName").asText("").equals(SYSTEM_CATALOG);
            case "ReadSystemInformation":
            case "WriteSystemInformation":
            case "ExecuteProcedure":
                return evaluator.holds(set, subject, Privilege.MANAGE, Securable.ALL);
            case "ImpersonateUser": {
                String target = resource.path("user").path("user").asText(null);
                return target != null
                        && (target.equals(subject.identity().user())
                                || evaluator.holds(set, subject, Privilege.IMPERSONATE, Securable.ALL));
            }
            case "ViewQueryOwnedBy":
            case "KillQueryOwnedBy": {
                String owner = resource.path("user").path("user").asText(null);
                return owner != null && owner.equals(subject.identity().user())
                        || evaluator.holds(set, subject, Privilege.MANAGE, Securable.ALL);
            }
            default:
                break;
        }
        Optional<FederatedRef> federated = federated(resource.path(resource.has("schema") ? "schema" : "table"));
        if (federated.isPresent()) {
            return allowFederated(set, subject, operation, federated.get());
        }
        if (SCHEMA_MANAGE.contains(operation)) {
            JsonNode schema = resource.path("schema");
            return ourCatalog(schema.path("catalogName").asText(null))
                    && schema.path("schemaName").isTextual()
                    && evaluator.holds(
                            set,
                            subject,
                            Privilege.MANAGE,
                            new Securable(schema.get("schemaName").asText(), null));
        }
        if (TABLE_MODIFY.contains(operation) || operation.equals("InsertIntoTable")) {
            Optional<TableRef> table = table(resource.path("table"));
            Privilege wanted = operation.equals("InsertIntoTable") ? Privilege.INSERT : Privilege.MODIFY;
            return table.isPresent()
                    && evaluator.holds(
                            set,
                            subject,
                            wanted,
                            new Securable(table.get().namespace(), table.get().name()));
        }
        if (TABLE_SELECT.contains(operation)) {
            JsonNode table = resource.path("table");
            if (readableMetadata(table)) {
                return true;
            }
            Optional<TableRef> ref = table(table);
            if (ref.isEmpty()) {
                return false;
            }
            List<String> columns = new ArrayList<>();
            table.path("columns").forEach(c -> columns.add(c.asText()));
            return selectableColumns(set, subject, ref.get())
                    .map(allowed -> allowed.all()
                            || allowed.columns().containsAll(columns)
                                    && (!columns.isEmpty() || !allowed.columns().isEmpty()))
                    .orElse(false);
        }
        return false;
    }

    // --- opa.policy.batched-uri -----------------------------------------------------------------------------

    public List<Integer> filter(JsonNode request) {
        PolicySet set = policies.get();
        Optional<Subject> known = knownSubject(request, set);
        String operation = operation(request);
        JsonNode resources = request.path("input").path("action").path("filterResources");
        if (!resources.isArray()) {
            throw new OpaRequestException("a batch request has action.filterResources, an array");
        }
        if (known.isEmpty()) {
            return List.of();
        }
        Subject subject = known.get();
        List<Integer> allowed = new ArrayList<>();
        if (operation.equals("FilterColumns")
                && resources.size() == 1
                && resources.get(0).path("table").path("columns").isArray()) {
            JsonNode table = resources.get(0).path("table");
            JsonNode columns = table.get("columns");
            Optional<FederatedRef> federated = federated(table);
            if (readableMetadata(table)
                    || federated.isPresent() && selectableFederated(set, subject, federated.get())) {
                for (int i = 0; i < columns.size(); i++) {
                    if (columns.get(i).isTextual()) {
                        allowed.add(i);
                    }
                }
                return allowed;
            }
            Optional<Selectable> selectable = table(table).flatMap(ref -> selectableColumns(set, subject, ref));
            if (selectable.isPresent()) {
                for (int i = 0; i < columns.size(); i++) {
                    if (columns.get(i).isTextual()
                            && (selectable.get().all()
                                    || selectable
                                            .get()
                                            .columns()
                                            .contains(columns.get(i).asText()))) {
                        allowed.add(i);
                    }
                }
            }
            return allowed;
        }
        for (int i = 0; i < resources.size(); i++) {
            JsonNode resource = resources.get(i);
            boolean ok = switch (operation) {
                case "FilterCatalogs" ->
                    catalogVisible(
                            set, subject, resource.path("catalog").path("name").asText(null));
                case "FilterSchemas" -> schemaVisible(set, subject, resource.path("schema"));
                case "FilterTables" ->
                    readableMetadata(resource.path("table"))
                            || federated(resource.path("table"))
                                    .map(ref -> selectableFederated(set, subject, ref))
                                    .orElse(false)
                            || table(resource.path("table"))
                                    .flatMap(ref -> selectableColumns(set, subject, ref))
                                    .isPresent();
                case "FilterFunctions" ->
                    resource.path("function").path("catalogName").asText("").equals(SYSTEM_CATALOG);
                case "FilterViewQueryOwnedBy" ->
                    resource.path("user")
                                    .path("user")
                                    .asText("")
                                    .equals(subject.identity().user())
                            || evaluator.holds(set, subject, Privilege.MANAGE, Securable.ALL);
                default -> false;
            };
            if (ok) {
                allowed.add(i);
            }
        }
        return allowed;
    }

    // --- opa.policy.row-filters-uri -------------------------------------------------------------------------

    /** The row filter of the table as Trino SQL, or none. */
    public List<String> rowFilters(JsonNode request) {
        PolicySet set = policies.get();
        Optional<Subject> known = knownSubject(request, set);
        if (known.isEmpty()) {
            return List.of("false");
        }
        Subject subject = known.get();
        JsonNode table = request.path("input").path("action").path("resource").path("table");
        Optional<TableRef> ref = table(table);
        if (ref.isEmpty()) {
            return List.of();
        }
        Optional<TableInfo> info = catalog.table(ref.get());
        if (info.isEmpty()) {
            return List.of();
        }
        TableDecision decision = evaluator.decide(set, subject, Privilege.SELECT, info.get(), null);
        if (!decision.allowed()) {
            // Trino asks for filters before it checks columns; a table the caller may not read shows no rows.
            return List.of("false");
        }
        return decision.rowFilter() == null
                ? List.of()
                : List.of(SqlRenderer.render(decision.rowFilter(), SqlDialect.TRINO));
    }

    // --- opa.policy.batch-column-masking-uri ----------------------------------------------------------------

    /** @param index the position of the column in the request's filterResources */
    public record ColumnMask(int index, String expression) {}

    public List<ColumnMask> columnMasks(JsonNode request) {
        PolicySet set = policies.get();
        Optional<Subject> known = knownSubject(request, set);
        JsonNode resources = request.path("input").path("action").path("filterResources");
        if (!resources.isArray()) {
            throw new OpaRequestException("a column masking request has action.filterResources, an array");
        }
        if (known.isEmpty()) {
            return nullEveryColumn(resources);
        }
        Subject subject = known.get();
        Map<TableRef, Optional<TableDecision>> decisions = new HashMap<>();
        Map<TableRef, Optional<TableInfo>> tables = new HashMap<>();
        List<ColumnMask> masks = new ArrayList<>();
        for (int i = 0; i < resources.size(); i++) {
            JsonNode column = resources.get(i).path("column");
            Optional<TableRef> ref = table(column);
            String name = column.path("columnName").asText(null);
            if (ref.isEmpty() || name == null) {
                continue;
            }
            Optional<TableInfo> info = tables.computeIfAbsent(ref.get(), catalog::table);
            Optional<TableDecision> decision = decisions.computeIfAbsent(
                    ref.get(), r -> info.map(t -> evaluator.decide(set, subject, Privilege.SELECT, t, null)));
            if (decision.isEmpty() || !decision.get().allowed()) {
                continue;
            }
            TableDecision.ColumnMask mask = decision.get().masks().get(name);
            if (mask == null) {
                continue;
            }
            // Trino wants the mask in the column's own Trino type, which it names in the request.
            SqlType type = column.path("columnType").isTextual()
                    ? SqlType.fromTrino(column.get("columnType").asText())
                    : info.get().column(name).map(ColumnInfo::type).orElse(SqlType.VARCHAR);
            Expr expression =
                    Masks.expression(mask.policy(), name, type, info.get().columnNames(), hashSalt, subject.bindings());
            masks.add(new ColumnMask(i, SqlRenderer.render(expression, SqlDialect.TRINO)));
        }
        return masks;
    }

    // --- helpers --------------------------------------------------------------------------------------------

    /** The caller, or empty while the identity provider cannot say who the caller is. */
    private Optional<Subject> knownSubject(JsonNode request, PolicySet set) {
        try {
            return Optional.of(subject(request, set));
        } catch (IdentityProviderUnavailableException e) {
            return Optional.empty();
        }
    }

    /** Masks that hide every column, in its own type, for a caller who cannot be identified. */
    private static List<ColumnMask> nullEveryColumn(JsonNode resources) {
        List<ColumnMask> masks = new ArrayList<>();
        for (int i = 0; i < resources.size(); i++) {
            JsonNode type = resources.get(i).path("column").path("columnType");
            if (type.isTextual()) {
                masks.add(new ColumnMask(
                        i, SqlRenderer.render(new Expr.TypedNull(SqlType.fromTrino(type.asText())), SqlDialect.TRINO)));
            }
        }
        return masks;
    }

    private Subject subject(JsonNode request, PolicySet set) {
        JsonNode identity = request.path("input").path("context").path("identity");
        if (!request.path("input").isObject() || !identity.path("user").isTextual()) {
            throw new OpaRequestException("input.context.identity.user is required");
        }
        String user = identity.get("user").asText();
        Set<String> groups = new HashSet<>();
        identity.path("groups").forEach(g -> {
            if (g.isTextual()) {
                groups.add(g.asText());
            }
        });
        Optional<Identity> known = directory.find(user);
        // Trino's groups, when its group provider sends any, are the roles; otherwise those of the user's last token.
        Set<String> roles =
                !groups.isEmpty() ? groups : known.map(Identity::roles).orElse(Set.of());
        Identity resolved = new Identity(
                user,
                known.map(Identity::client).orElse(null),
                roles,
                known.map(Identity::attributes).orElse(Map.of()));
        return set.subject(resolved);
    }

    private record Selectable(boolean all, Set<String> columns) {}

    /** Which columns of the table the subject may select by its grants, without asking the catalog; empty if none. */
    private Optional<Selectable> selectableColumns(PolicySet set, Subject subject, TableRef ref) {
        boolean any = false;
        boolean all = false;
        Set<String> columns = new HashSet<>();
        for (Policy policy : set.grants()) {
            PolicyBody.Grant grant = (PolicyBody.Grant) policy.body();
            if (grant.privilege().implies(Privilege.SELECT)
                    && grant.securable().covers(ref)
                    && subject.matches(grant.principal())) {
                any = true;
                if (grant.columns().isEmpty()) {
                    all = true;
                } else {
                    columns.addAll(grant.columns());
                }
            }
        }
        return any ? Optional.of(new Selectable(all, columns)) : Optional.empty();
    }

    private boolean catalogVisible(String name) {
        return name != null && (name.equals(catalogName) || name.equals(SYSTEM_CATALOG));
    }

    /** Ours and {@code system} for everyone; a federated catalog for those whose grants reach into it. */
    private boolean catalogVisible(PolicySet set, Subject subject, String name) {
        return catalogVisible(name)
                || name != null
                        && federatedCatalogs.contains(name)
                        && evaluator.reachesFederated(set, subject, name, null);
    }

    /** An object of a federated catalog: a schema (table null) or a table. */
    private record FederatedRef(String catalog, String schema, String table) {}

    private Optional<FederatedRef> federated(JsonNode node) {
        String catalogOf = node.path("catalogName").asText(null);
        if (catalogOf == null
                || !federatedCatalogs.contains(catalogOf)
                || !node.path("schemaName").isTextual()) {
            return Optional.empty();
        }
        return Optional.of(new FederatedRef(
                catalogOf,
                node.get("schemaName").asText(),
                node.path("tableName").asText(null)));
    }

    /** Its information_schema is readable to whoever reaches the catalog, since Trino filters what it lists. */
    private boolean selectableFederated(PolicySet set, Subject subject, FederatedRef ref) {
        return INFORMATION_SCHEMA.equals(ref.schema())
                ? evaluator.reachesFederated(set, subject, ref.catalog(), null)
                : evaluator.holdsFederated(set, subject, Privilege.SELECT, ref.catalog(), ref.schema(), ref.table());
    }

    private boolean allowFederated(PolicySet set, Subject subject, String operation, FederatedRef ref) {
        if (ref.table() == null) {
            return SCHEMA_MANAGE.contains(operation)
                    && evaluator.holdsFederated(set, subject, Privilege.MANAGE, ref.catalog(), ref.schema(), null);
        }
        if (TABLE_SELECT.contains(operation)) {
            return selectableFederated(set, subject, ref);
        }
        if (TABLE_MODIFY.contains(operation) || operation.equals("InsertIntoTable")) {
            Privilege wanted = operation.equals("InsertIntoTable") ? Privilege.INSERT : Privilege.MODIFY;
            return evaluator.holdsFederated(set, subject, wanted, ref.catalog(), ref.schema(), ref.table());
        }
        return false;
    }

    private boolean ourCatalog(String name) {
        return catalogName.equals(name);
    }

    private boolean schemaVisible(PolicySet set, Subject subject, JsonNode schema) {
        Optional<FederatedRef> federated = federated(schema);
        if (federated.isPresent()) {
            return INFORMATION_SCHEMA.equals(federated.get().schema())
                    ? evaluator.reachesFederated(set, subject, federated.get().catalog(), null)
                    : evaluator.reachesFederated(
                            set,
                            subject,
                            federated.get().catalog(),
                            federated.get().schema());
        }
        String catalogOf = schema.path("catalogName").asText(null);
        String name = schema.path("schemaName").asText(null);
        if (!catalogVisible(catalogOf) || name == null) {
            return false;
        }
        if (name.equals(INFORMATION_SCHEMA) || catalogOf.equals(SYSTEM_CATALOG)) {
            return true;
        }
        return evaluator.reachesNamespace(set, subject, Privilege.SELECT, name)
                || evaluator.reachesNamespace(set, subject, Privilege.MODIFY, name);
    }

    /** Metadata tables Trino itself filters: every information_schema, and the system catalog. */
    private boolean readableMetadata(JsonNode table) {
        String catalogOf = table.path("catalogName").asText(null);
        return catalogVisible(catalogOf)
                && (catalogOf.equals(SYSTEM_CATALOG)
                        || INFORMATION_SCHEMA.equals(table.path("schemaName").asText(null)));
    }

    private Optional<TableRef> table(JsonNode table) {
        if (!ourCatalog(table.path("catalogName").asText(null))
                || !table.path("schemaName").isTextual()
                || !table.path("tableName").isTextual()) {
            return Optional.empty();
        }
        return Optional.of(new TableRef(
                table.get("schemaName").asText(), table.get("tableName").asText()));
    }
}
