package io.tributary.catalog.api.lineage;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;

/**
 * Lists each lineage path once per prefix ({@code /api/v1/...} and {@code /api/catalog/v1/...}) instead of once with a
 * {@code {base}} parameter, which no client could fill and no route of the gateway would match.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class LineageOpenApiFilter implements OASFilter {

    static final String TEMPLATE = "/api/{base}/";
    static final List<String> PREFIXES = List.of("/api/v1/", "/api/catalog/v1/");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        for (Map.Entry<String, PathItem> path :
                Map.copyOf(openAPI.getPaths().getPathItems()).entrySet()) {
            if (!path.getKey().startsWith(TEMPLATE)) {
                continue;
            }
            PathItem item = path.getValue();
            withoutBase(item.getParameters(), item::removeParameter);
            if (item.getOperations() != null) {
                for (Operation operation : item.getOperations().values()) {
                    withoutBase(operation.getParameters(), operation::removeParameter);
                }
            }
            openAPI.getPaths().removePathItem(path.getKey());
            String rest = path.getKey().substring(TEMPLATE.length());
            PREFIXES.forEach(prefix -> openAPI.getPaths().addPathItem(prefix + rest, item));
        }
    }

    private static void withoutBase(List<Parameter> parameters, java.util.function.Consumer<Parameter> remove) {
        if (parameters == null) {
            return;
        }
        List.copyOf(parameters).stream()
                .filter(p -> "base".equals(p.getName()) && p.getIn() == Parameter.In.PATH)
                .forEach(remove);
    }
}
