package io.tributary.query.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.tributary.auth.Roles;
import io.tributary.query.core.Caller;
import io.tributary.query.core.Page;
import io.tributary.query.core.QueryEngine;
import io.tributary.query.core.QueryException;
import io.tributary.query.core.ResultColumn;
import io.tributary.query.core.Statement;
import io.tributary.query.core.StatementManager;
import io.tributary.query.core.StatementRequest;
import io.tributary.query.core.StatementStats;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * {@code /api/query/v1/statements}: SQL over the lake's tables, governed. A JSON answer is paged ({@code next-uri});
 * NDJSON, CSV and Arrow IPC answers stream the whole result.
 */
@Path("/api/query/v1/statements")
@RolesAllowed({Roles.DATA_ANALYST, Roles.DATA_STEWARD, Roles.PLATFORM_ADMIN})
@Blocking
public class StatementsResource {

    static final String NDJSON = "application/x-ndjson";
    static final String CSV = "text/csv";
    static final String ARROW = "application/vnd.apache.arrow.stream";

    @Inject
    StatementManager statements;

    @Inject
    SecurityIdentity identity;

    @Inject
    JsonWebToken token;

    @Inject
    ObjectMapper json;

    @Context
    UriInfo uri;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response submit(JsonNode body, @Context HttpHeaders headers) {
        StatementRequest request = StatementRequestReader.read(body);
        String format = format(headers);
        Caller caller = caller();
        if (format.equals(MediaType.APPLICATION_JSON)) {
            Statement statement = statements.submit(caller, request, Statement.Mode.PAGED);
            return page(statement, 0);
        }
        Statement statement = statements.submit(caller, request, Statement.Mode.STREAM);
        QueryEngine.Execution execution;
        try {
            execution = statement.awaitStream(statements.limits().maxTimeout());
        } catch (QueryException e) {
            statements.streamEnded(statement, e, 0, 0, false);
            throw statement.error() != null ? statement.error() : e;
        }
        StreamingOutput body2 = output -> stream(statement, execution, format, output);
        return Response.ok(
                        body2, format.equals(CSV) ? "text/csv; charset=utf-8" : format.equals(ARROW) ? ARROW : NDJSON)
                .header("X-Statement-Id", statement.id())
                .build();
    }

    @GET
    @Path("/{id}")
    public Response next(@PathParam("id") String id, @QueryParam("page") Integer page) {
        Statement statement = statements.get(caller(), id);
        return page(statement, page == null ? 0 : page);
    }

    @DELETE
    @Path("/{id}")
    public Response cancel(@PathParam("id") String id) {
        statements.cancel(caller(), id);
        return Response.noContent().build();
    }

    private Response page(Statement statement, int index) {
        Page page = statement.page(index, statements.limits().initialWait());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", statement.id());
        boolean more = page == null || !page.last();
        // The last page completes the result for the caller, even while the worker is still closing up.
        body.put("state", page != null && page.last() ? "FINISHED" : "RUNNING");
        List<ResultColumn> columns = statement.columns();
        if (columns != null) {
            body.put("columns", columns.stream().map(StatementsResource::column).toList());
        }
        if (page != null) {
            body.put("data", page.rows());
        }
        if (more) {
            int next = page == null ? index : index + 1;
            body.put(
                    "next-uri",
                    uri.getBaseUriBuilder()
                            .path("api/query/v1/statements")
                            .path(statement.id())
                            .queryParam("page", next)
                            .build()
                            .toString());
        }
        body.put("stats", stats(statement.stats()));
        return Response.ok(body, MediaType.APPLICATION_JSON).build();
    }

    private void stream(
            Statement statement, QueryEngine.Execution execution, String format, java.io.OutputStream output)
            throws IOException {
        StatementManager.RowReader reader = statements.reader(statement);
        List<ResultColumn> columns = execution.columns();
        RuntimeException failure = null;
        if (format.equals(ARROW)) {
            try {
                ArrowStream.write(columns, reader::next, output, json);
            } catch (RuntimeException e) {
                failure = e;
            } finally {
                statements.streamEnded(statement, failure, reader.rows(), reader.bytes(), reader.truncated());
            }
            if (failure != null) {
                // Arrow's stream has no place for an error: the response breaks off, without the end marker.
                throw new IOException("The result stream broke off: "
                        + (statement.error() != null ? statement.error() : failure).getMessage());
            }
            return;
        }
        BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8), 65536);
        try {
            if (format.equals(CSV)) {
                writer.write(Csv.line(
                        columns.stream()
                                .map(ResultColumn::name)
                                .map(name -> (Object) name)
                                .toList(),
                        json));
            }
            Object[] row;
            while ((row = reader.next()) != null) {
                if (format.equals(CSV)) {
                    writer.write(Csv.line(java.util.Arrays.asList(row), json));
                } else {
                    Map<String, Object> object = new LinkedHashMap<>();
                    for (int i = 0; i < row.length; i++) {
                        object.put(columns.get(i).name(), row[i]);
                    }
                    writer.write(json.writeValueAsString(object));
                    writer.write('\n');
                }
            }
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            statements.streamEnded(statement, failure, reader.rows(), reader.bytes(), reader.truncated());
        }
        if (failure != null) {
            QueryException error = statement.error() != null
                    ? statement.error()
                    : new QueryException(QueryException.Reason.EXECUTION, failure.getMessage());
            if (format.equals(NDJSON)) {
                // The status line is long gone: the stream ends with the problem as its last line.
                writer.write(json.writeValueAsString(Map.of("error", QueryExceptionMapper.problem(error))));
                writer.write('\n');
                writer.flush();
                return;
            }
            writer.flush();
            throw new IOException("The result stream broke off: " + error.getMessage());
        }
        writer.flush();
    }

    private static Map<String, Object> column(ResultColumn column) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", column.name());
        map.put("type", column.type());
        map.put("sql-type", column.sqlType());
        return map;
    }

    private static Map<String, Object> stats(StatementStats stats) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("engine", stats.engine());
        map.put("snapshots", stats.snapshots());
        map.put("files", stats.files());
        map.put("bytes", stats.bytes());
        map.put("rows", stats.rows());
        map.put("elapsed-ms", stats.elapsedMs());
        map.put("masks", stats.masks());
        map.put("filters", stats.filters());
        map.put("truncated", stats.truncated());
        return map;
    }

    /** The answer format: the first of NDJSON, CSV, Arrow or JSON the Accept header names; JSON by default. */
    static String format(HttpHeaders headers) {
        for (MediaType type : headers.getAcceptableMediaTypes()) {
            String name = type.getType() + "/" + type.getSubtype();
            if (name.equals(NDJSON)
                    || name.equals(CSV)
                    || name.equals(ARROW)
                    || name.equals(MediaType.APPLICATION_JSON)) {
                return name;
            }
        }
        return MediaType.APPLICATION_JSON;
    }

    private Caller caller() {
        return TokenCaller.of(identity, token);
    }
}
