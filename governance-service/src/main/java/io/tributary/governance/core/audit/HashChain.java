package io.tributary.governance.core.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;

/**
 * The audit log's hash chain: each entry's hash is SHA-256 over the previous entry's hash and the entry's fields,
 * each length-prefixed so that no two different entries hash alike. Changing, deleting or reordering an entry breaks
 * the chain at that entry.
 */
public final class HashChain {

    /** The previous hash of the first entry. */
    public static final byte[] GENESIS = new byte[32];

    private HashChain() {}

    public static byte[] hash(byte[] previous, AuditEntry entry) {
        MessageDigest sha = sha256();
        sha.update(previous);
        field(sha, entry.eventId().toString());
        field(sha, entry.occurredAt().toString());
        field(sha, entry.recordedAt().toString());
        field(sha, entry.principal());
        field(sha, entry.action());
        field(sha, entry.resource());
        field(sha, entry.outcome());
        field(sha, entry.traceId());
        field(sha, entry.detail());
        return sha.digest();
    }

    private static void field(MessageDigest sha, String value) {
        if (value == null) {
            sha.update(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        int n = bytes.length;
        sha.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        sha.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    public static String hex(byte[] hash) {
        return HexFormat.of().formatHex(hash);
    }

    /** An entry as stored: its position, content, and the hashes written with it. */
    public record Stored(long seq, AuditEntry entry, byte[] previousHash, byte[] hash) {}

    /**
     * The chain's state after reading it: valid with the count and head hash, or the first entry that breaks it.
     *
     * @param brokenSeq   the first broken entry's position, or null when valid
     * @param brokenEvent its event id
     * @param problem     what is wrong with it
     */
    public record Verification(
            boolean valid, long count, String headHash, Long brokenSeq, String brokenEvent, String problem) {}

    /** Walks the entries in order; stops at the first one whose links or content do not match. */
    public static Verification verify(Iterator<Stored> entries) {
        byte[] previous = GENESIS;
        long count = 0;
        while (entries.hasNext()) {
            Stored stored = entries.next();
            if (!MessageDigest.isEqual(previous, stored.previousHash())) {
                return new Verification(
                        false,
                        count,
                        hex(previous),
                        stored.seq(),
                        stored.entry().eventId().toString(),
                        "its previous hash does not match the entry before it (an entry was removed or changed)");
            }
            byte[] expected = hash(previous, stored.entry());
            if (!MessageDigest.isEqual(expected, stored.hash())) {
                return new Verification(
                        false,
                        count,
                        hex(previous),
                        stored.seq(),
                        stored.entry().eventId().toString(),
                        "its content does not match its hash (the entry was changed)");
            }
            previous = stored.hash();
            count++;
        }
        return new Verification(true, count, hex(previous), null, null, null);
    }
}
