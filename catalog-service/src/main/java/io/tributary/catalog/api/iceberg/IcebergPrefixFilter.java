package io.tributary.catalog.api.iceberg;

import io.tributary.catalog.config.CatalogConfig;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The protocol's optional {@code {prefix}} path segment: {@code /iceberg/v1/<catalog name>/...} is served as
 * {@code /iceberg/v1/...}. The config endpoint announces no prefix, so clients use the short form unless told.
 */
public class IcebergPrefixFilter {

    private final String prefix;

    IcebergPrefixFilter(CatalogConfig config) {
        this.prefix = "/iceberg/v1/" + config.iceberg().name() + "/";
    }

    @ServerRequestFilter(preMatching = true)
    public void stripPrefix(ContainerRequestContext request) {
        URI uri = request.getUriInfo().getRequestUri();
        String path = uri.getRawPath();
        if (path != null && path.startsWith(prefix)) {
            String unprefixed = "/iceberg/v1/" + path.substring(prefix.length());
            request.setRequestUri(
                    UriBuilder.fromUri(uri).replacePath(unprefixed).build());
        }
    }
}
