package io.tributary.governance.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.governance.core.ContractProducers;
import io.tributary.governance.core.Policy;
import io.tributary.governance.core.TableDecision;
import io.tributary.governance.core.expr.Expr;
import io.tributary.governance.core.expr.SqlDialect;
import io.tributary.governance.core.expr.SqlRenderer;
import java.util.List;

/**
 * A decision as services read it: allow/deny, the readable columns, each mask and the row filter as an expression in
 * the neutral policy language and ready-made for DuckDB and Trino, with the policy versions behind each part.
 */
final class DecisionJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DecisionJson() {}

    static ObjectNode write(TableDecision d) {
        ObjectNode node = JSON.createObjectNode();
        node.put("table", d.table().toString());
        node.put("privilege", d.privilege().name());
        node.put("allowed", d.allowed());
        if (!d.allowed()) {
            node.put("reason", d.reason());
            return node;
        }
        node.set("grants", sources(d.grants()));
        if (!d.producers().isEmpty()) {
            ArrayNode producers = node.putArray("contract-producers");
            d.producers()
                    .forEach(p -> producers.addObject().put("producer", p).put("source", ContractProducers.SOURCE));
        }
        ArrayNode columns = node.putArray("columns");
        d.columns().forEach(columns::add);
        ObjectNode masks = node.putObject("masks");
        d.masks().forEach((column, mask) -> {
            ObjectNode m = expression(mask.expression());
            m.put("function", mask.function().wireName());
            m.set("policy", source(mask.source()));
            masks.set(column, m);
        });
        if (d.rowFilter() == null) {
            node.putNull("row-filter");
        } else {
            ObjectNode filter = expression(d.rowFilter());
            filter.set("policies", sources(d.rowFilterSources()));
            node.set("row-filter", filter);
        }
        return node;
    }

    private static ObjectNode expression(Expr expr) {
        ObjectNode node = JSON.createObjectNode();
        node.put("expression", SqlRenderer.render(expr, SqlDialect.NEUTRAL));
        node.put("duckdb", SqlRenderer.render(expr, SqlDialect.DUCKDB));
        node.put("trino", SqlRenderer.render(expr, SqlDialect.TRINO));
        return node;
    }

    private static ArrayNode sources(List<Policy.Source> sources) {
        ArrayNode out = JSON.createArrayNode();
        sources.forEach(s -> out.add(source(s)));
        return out;
    }

    private static ObjectNode source(Policy.Source source) {
        return JSON.createObjectNode().put("id", source.id().toString()).put("version", source.version());
    }
}
