package io.tributary.catalog.core.iceberg;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * What the catalog accepts: names that are safe as path segments of the warehouse, property maps of bounded size,
 * and table and view locations inside the allowed prefixes. Every violation is an {@link IllegalArgumentException},
 * which the REST protocol answers with 400.
 */
public final class CatalogRules {

    public static final int MAX_NAME_LENGTH = 255;
    public static final int MAX_NAMESPACE_DEPTH = 16;

    private final int maxProperties;
    private final long maxPropertyBytes;
    private final List<String> allowedLocations;

    /**
     * @param allowedLocations location prefixes (for example {@code file:/srv/warehouse}, {@code s3://lake/}) under
     *                         which tables and views may live and from which metadata may be registered
     */
    public CatalogRules(int maxProperties, long maxPropertyBytes, List<String> allowedLocations) {
        this.maxProperties = maxProperties;
        this.maxPropertyBytes = maxPropertyBytes;
        this.allowedLocations = allowedLocations.stream()
                .map(CatalogRules::normalizeLocation)
                .map(CatalogRules::asPrefix)
                .toList();
    }

    public void checkNamespace(Namespace namespace) {
        if (namespace == null || namespace.isEmpty()) {
            throw new IllegalArgumentException("Invalid namespace: the namespace must have at least one level");
        }
        if (namespace.length() > MAX_NAMESPACE_DEPTH) {
            throw new IllegalArgumentException("Invalid namespace: at most " + MAX_NAMESPACE_DEPTH
                    + " levels are allowed, got " + namespace.length());
        }
        for (String level : namespace.levels()) {
            checkName("namespace level", level);
        }
    }

    public void checkIdentifier(TableIdentifier identifier) {
        if (identifier == null) {
            throw new IllegalArgumentException("Invalid identifier: missing");
        }
        checkNamespace(identifier.namespace());
        checkName("name", identifier.name());
    }

    private static void checkName(String what, String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("Invalid " + what + ": must not be empty");
        }
        if (name.codePointCount(0, name.length()) > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("Invalid " + what + ": longer than " + MAX_NAME_LENGTH + " characters");
        }
        if (name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("Invalid " + what + " '" + name + "': '.' and '..' are reserved");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c)) {
                throw new IllegalArgumentException("Invalid " + what + ": control character U+"
                        + String.format("%04X", (int) c) + " at position " + i);
            }
            if (c == '/' || c == '\\') {
                throw new IllegalArgumentException("Invalid " + what + " '" + name + "': '/' and '\\' are not allowed");
            }
        }
    }

    /** Bounds the number and total UTF-8 size of a property map, and refuses NUL, which PostgreSQL cannot store. */
    public void checkProperties(String what, Map<String, String> properties) {
        if (properties == null || properties.isEmpty()) {
            return;
        }
        if (properties.size() > maxProperties) {
            throw new IllegalArgumentException("Too many " + what + ": " + properties.size() + " entries, at most "
                    + maxProperties + " are allowed");
        }
        long bytes = 0;
        for (Map.Entry<String, String> entry : properties.entrySet()) {
            if (entry.getKey() == null || entry.getKey().isEmpty()) {
                throw new IllegalArgumentException("Invalid " + what + ": property keys must not be empty");
            }
            if (entry.getKey().indexOf('\0') >= 0
                    || (entry.getValue() != null && entry.getValue().indexOf('\0') >= 0)) {
                throw new IllegalArgumentException("Invalid " + what + ": NUL characters are not allowed");
            }
            bytes += entry.getKey().getBytes(StandardCharsets.UTF_8).length;
            bytes += entry.getValue() == null ? 0 : entry.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        if (bytes > maxPropertyBytes) {
            throw new IllegalArgumentException(
                    "Too large " + what + ": " + bytes + " bytes, at most " + maxPropertyBytes + " are allowed");
        }
    }

    /** New table or view metadata: bounded properties, and its data and metadata locations inside allowed prefixes. */
    public void checkMetadata(String kind, Map<String, String> properties, String location, String metadataPath) {
        checkProperties(kind + " properties", properties);
        checkLocation(kind + " location", location);
        if (metadataPath != null) {
            checkLocation(kind + " metadata location", metadataPath);
        }
    }

    /** A table or view location, or a metadata file to register, must lie under an allowed prefix. */
    public void checkLocation(String what, String location) {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("Invalid " + what + ": must not be empty");
        }
        String normalized;
        try {
            normalized = normalizeLocation(location);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid " + what + " '" + location + "': " + e.getMessage());
        }
        for (String prefix : allowedLocations) {
            if (asPrefix(normalized).startsWith(prefix)) {
                return;
            }
        }
        throw new IllegalArgumentException("Invalid " + what + " '" + location
                + "': it must be inside the catalog's warehouse or another allowed location");
    }

    /** {@code file:/a/b}, {@code file:///a/b} and {@code /a/b} all become {@code file:/a/b}; dot segments are refused. */
    static String normalizeLocation(String location) {
        for (int i = 0; i < location.length(); i++) {
            if (Character.isISOControl(location.charAt(i))) {
                throw new IllegalArgumentException("control characters are not allowed");
            }
        }
        URI uri;
        try {
            uri = new URI(location.startsWith("/") ? "file:" + location : location);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid URI");
        }
        if (uri.getScheme() == null
                || uri.getRawPath() == null
                || uri.getRawPath().isEmpty()) {
            throw new IllegalArgumentException("an absolute location with a scheme is required");
        }
        String path = uri.getPath();
        for (String segment : path.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                throw new IllegalArgumentException("'.' and '..' segments are not allowed");
            }
        }
        String collapsed = path.replaceAll("/{2,}", "/");
        String scheme = uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (scheme.equals("file")) {
            return "file:" + collapsed;
        }
        return scheme + "://" + (uri.getRawAuthority() == null ? "" : uri.getRawAuthority()) + collapsed;
    }

    private static String asPrefix(String location) {
        return location.endsWith("/") ? location : location + "/";
    }
}
