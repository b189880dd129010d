package io.tributary.catalog.api.iceberg;

import jakarta.ws.rs.core.Response;
import java.util.function.Supplier;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTUtil;

/** What every Iceberg REST resource shares: path decoding, and failures answered as {@code ErrorModel}. */
final class IcebergResourceSupport {

    /** Used when a client sends a page token without a page size. */
    static final int DEFAULT_PAGE_SIZE = 1000;

    private IcebergResourceSupport() {}

    /** Runs the request, answering any failure with Iceberg's ErrorModel instead of the service's problem+json. */
    static Response call(Supplier<Response> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            return IcebergErrors.toResponse(e);
        }
    }

    static Response noContent() {
        return Response.noContent().build();
    }

    /** A namespace path segment as clients encode it: URL-encoded levels joined by {@code %1F}. */
    static Namespace namespace(String encoded) {
        return RESTUtil.decodeNamespace(encoded);
    }

    static TableIdentifier identifier(String encodedNamespace, String encodedName) {
        return TableIdentifier.of(namespace(encodedNamespace), RESTUtil.decodeString(encodedName));
    }

    /** Checks paging parameters; returns null for an unpaged listing. */
    static String pageSize(String pageToken, String pageSize) {
        if (pageToken != null && !pageToken.isEmpty() && !pageToken.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("Invalid pageToken: " + pageToken);
        }
        if (pageToken != null && pageToken.length() > 9) {
            throw new IllegalArgumentException("Invalid pageToken: " + pageToken);
        }
        if (pageSize == null) {
            return pageToken == null ? null : Integer.toString(DEFAULT_PAGE_SIZE);
        }
        int size;
        try {
            size = Integer.parseInt(pageSize);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid pageSize: " + pageSize);
        }
        if (size < 1) {
            throw new IllegalArgumentException("Invalid pageSize: " + pageSize + " (must be at least 1)");
        }
        return Integer.toString(size);
    }
}
