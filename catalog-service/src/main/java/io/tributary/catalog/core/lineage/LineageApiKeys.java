package io.tributary.catalog.core.lineage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The static keys that may post lineage events, for producers that can send only a fixed bearer (Trino's
 * {@code openlineage} event listener). Configuration holds each key's SHA-256, never the key: an entry is
 * {@code <name>:sha256:<64 hex digits>}.
 */
public final class LineageApiKeys {

    private static final Pattern ENTRY = Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]{0,63}):sha256:([0-9a-fA-F]{64})");

    private final List<Key> keys;

    private LineageApiKeys(List<Key> keys) {
        this.keys = List.copyOf(keys);
    }

    private record Key(String name, byte[] sha256) {}

    /**
     * The keys of these configuration entries.
     *
     * @throws IllegalArgumentException naming the first entry that is not {@code <name>:sha256:<hex>}, or a name
     *     used twice; the hash itself is never repeated
     */
    public static LineageApiKeys parse(List<String> entries) {
        List<Key> keys = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i).trim();
            Matcher m = ENTRY.matcher(entry);
            if (!m.matches()) {
                throw new IllegalArgumentException("tributary.catalog.lineage.api-keys[" + i
                        + "] must be <name>:sha256:<64 hex digits of the key's SHA-256>, the name 1 to 64 of"
                        + " A-Z a-z 0-9 . _ -");
            }
            String name = m.group(1);
            if (keys.stream().anyMatch(k -> k.name().equals(name))) {
                throw new IllegalArgumentException(
                        "tributary.catalog.lineage.api-keys[" + i + "] repeats the name '" + name + "'");
            }
            keys.add(new Key(name, HexFormat.of().parseHex(m.group(2).toLowerCase())));
        }
        return new LineageApiKeys(keys);
    }

    public static LineageApiKeys none() {
        return new LineageApiKeys(List.of());
    }

    public boolean isEmpty() {
        return keys.isEmpty();
    }

    /**
     * The name of the key {@code presented} is, if any. Every configured hash is compared in constant time, so the
     * answer's timing tells nothing about how close a guess came.
     */
    public Optional<String> match(String presented) {
        if (presented == null || keys.isEmpty()) {
            return Optional.empty();
        }
        byte[] hash = sha256(presented);
        String found = null;
        for (Key key : keys) {
            if (MessageDigest.isEqual(hash, key.sha256()) && found == null) {
                found = key.name();
            }
        }
        return Optional.ofNullable(found);
    }

    /** The hex SHA-256 of a key's UTF-8 text: what its configuration entry holds. */
    public static String hash(String key) {
        return HexFormat.of().formatHex(sha256(key));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
