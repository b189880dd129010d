package io.tributary.catalog.api.platform;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.catalog.core.access.CatalogAccess;
import io.tributary.catalog.core.dataset.DatasetEntry;
import io.tributary.catalog.core.dataset.DatasetIndex;
import io.tributary.contracts.problem.Problem;
import io.tributary.contracts.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code GET /api/catalog/v1/search?q=&limit=&offset=}: datasets ranked by PostgreSQL full-text search over names,
 * tags, column names and descriptions. Every word of {@code q} must match the start of a word of the dataset.
 */
@Path("/api/catalog/v1/search")
@Produces(MediaType.APPLICATION_JSON)
public class SearchResource {

    static final int MAX_QUERY_LENGTH = 256;
    static final int MAX_TERMS = 16;
    static final int MAX_OFFSET = 10_000;

    private final DatasetIndex datasetIndex;

    SearchResource(DatasetIndex datasetIndex) {
        this.datasetIndex = datasetIndex;
    }

    @GET
    @RolesAllowed(CatalogAccess.READER)
    public ObjectNode search(
            @QueryParam("q") String q, @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
        List<Problem.Violation> problems = new ArrayList<>();
        List<String> terms = List.of();
        if (q == null || q.isBlank()) {
            problems.add(new Problem.Violation("q", "is required"));
        } else if (q.length() > MAX_QUERY_LENGTH) {
            problems.add(new Problem.Violation("q", "is longer than " + MAX_QUERY_LENGTH + " characters"));
        } else {
            terms = terms(q);
            if (terms.isEmpty()) {
                problems.add(new Problem.Violation("q", "must contain at least one letter or digit"));
            } else if (terms.size() > MAX_TERMS) {
                problems.add(new Problem.Violation(
                        "q", "has " + terms.size() + " words, at most " + MAX_TERMS + " are allowed"));
            }
        }
        int size = DatasetsResource.intParam("limit", limit, 20, 1, 100, problems);
        int from = DatasetsResource.intParam("offset", offset, 0, 0, MAX_OFFSET, problems);
        if (!problems.isEmpty()) {
            throw ProblemException.badRequest("Invalid search.", problems);
        }
        List<String> words = terms;
        DatasetIndex.SearchResult result = datasetIndex.search(words, size, from);
        ObjectNode body = PlatformRequests.JSON.createObjectNode();
        body.put("q", q);
        body.put("total", result.total());
        body.put("offset", from);
        body.put("limit", size);
        long next = (long) from + result.hits().size();
        if (next < result.total() && next <= MAX_OFFSET) {
            body.put("next-offset", next);
        } else {
            body.putNull("next-offset");
        }
        ArrayNode hits = body.putArray("hits");
        for (DatasetIndex.Hit hit : result.hits()) {
            ObjectNode node = PlatformResponses.summary(hit.dataset());
            node.put("rank", hit.rank());
            ObjectNode highlights = PlatformRequests.JSON.createObjectNode();
            ArrayNode matched = node.putArray("matched");
            DatasetIndex.Summary dataset = hit.dataset();
            if (matches(words, DatasetEntry.nameText(dataset.identifier()))) {
                matched.add("name");
            }
            List<String> tags = matching(words, dataset.tags().stream());
            if (!tags.isEmpty()) {
                matched.add("tags");
                highlights.set("tags", PlatformResponses.strings(tags));
            }
            List<String> columnTags = matching(
                    words,
                    dataset.columnTags().values().stream().flatMap(List::stream).distinct());
            if (!columnTags.isEmpty()) {
                matched.add("column-tags");
                highlights.set("column-tags", PlatformResponses.strings(columnTags));
            }
            List<String> columns = matching(words, dataset.columns().stream());
            if (!columns.isEmpty()) {
                matched.add("columns");
                highlights.set("columns", PlatformResponses.strings(columns));
            }
            if (dataset.description() != null && matches(words, DatasetEntry.words(Stream.of(dataset.description())))) {
                matched.add("description");
                highlights.put("description", hit.descriptionHighlight());
            }
            node.set("highlights", highlights);
            hits.add(node);
        }
        return body;
    }

    /** The words of a query, as the index splits text: lower-case runs of letters and digits. */
    static List<String> terms(String q) {
        String words = DatasetEntry.words(Stream.of(q));
        return words.isEmpty()
                ? List.of()
                : Stream.of(words.split(" ")).distinct().toList();
    }

    private static boolean matches(List<String> terms, String text) {
        List<String> words = List.of(text.split(" "));
        return terms.stream().anyMatch(term -> words.stream().anyMatch(word -> word.startsWith(term)));
    }

    private static List<String> matching(List<String> terms, Stream<String> values) {
        return values.filter(value -> matches(terms, DatasetEntry.words(Stream.of(value))))
                .toList();
    }
}
