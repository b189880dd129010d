package io.tributary.governance.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class HashChainTest {

    private static List<HashChain.Stored> chain(int n) {
        List<HashChain.Stored> out = new ArrayList<>();
        byte[] previous = HashChain.GENESIS;
        for (int i = 0; i < n; i++) {
            AuditEntry entry = new AuditEntry(
                    UUID.randomUUID(),
                    Instant.parse("2026-12-01T10:00:00.123456789Z"),
                    Instant.now(),
                    "ana",
                    "ingest.records.write",
                    "table:sales.orders",
                    "accepted",
                    null,
                    "{\"n\":" + i + "}");
            byte[] hash = HashChain.hash(previous, entry);
            out.add(new HashChain.Stored(i + 1, entry, previous, hash));
            previous = hash;
        }
        return out;
    }

    @Test
    void anUntouchedChainIsValidWithItsCountAndHead() {
        List<HashChain.Stored> entries = chain(5);
        HashChain.Verification v = HashChain.verify(entries.iterator());
        assertThat(v.valid()).isTrue();
        assertThat(v.count()).isEqualTo(5);
        assertThat(v.headHash()).isEqualTo(HashChain.hex(entries.get(4).hash()));
        assertThat(HashChain.verify(List.<HashChain.Stored>of().iterator()).headHash())
                .isEqualTo("0".repeat(64));
    }

    @Test
    void anEditedEntryIsNamed() {
        List<HashChain.Stored> entries = chain(5);
        HashChain.Stored third = entries.get(2);
        AuditEntry e = third.entry();
        entries.set(
                2,
                new HashChain.Stored(
                        3,
                        new AuditEntry(
                                e.eventId(),
                                e.occurredAt(),
                                e.recordedAt(),
                                "mallory",
                                e.action(),
                                e.resource(),
                                e.outcome(),
                                e.traceId(),
                                e.detail()),
                        third.previousHash(),
                        third.hash()));
        HashChain.Verification v = HashChain.verify(entries.iterator());
        assertThat(v.valid()).isFalse();
        assertThat(v.brokenSeq()).isEqualTo(3);
        assertThat(v.brokenEvent()).isEqualTo(e.eventId().toString());
        assertThat(v.count()).isEqualTo(2);
    }

    @Test
    void aDeletedEntryBreaksTheNextOne() {
        List<HashChain.Stored> entries = chain(5);
        entries.remove(1);
        assertThat(HashChain.verify(entries.iterator()).brokenSeq()).isEqualTo(3);
    }

    @Test
    void fieldsAreLengthPrefixedSoShiftingTextBetweenThemChangesTheHash() {
        Instant t = Instant.EPOCH;
        UUID id = UUID.randomUUID();
        byte[] a = HashChain.hash(HashChain.GENESIS, new AuditEntry(id, t, t, "ab", "c", "r", "o", null, null));
        byte[] b = HashChain.hash(HashChain.GENESIS, new AuditEntry(id, t, t, "a", "bc", "r", "o", null, null));
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void auditEventsAreReadFromCloudEventsAndOthersAreSkipped() {
        String event =
                "{\"specversion\":\"1.0\",\"id\":\"0190a0a0-0000-7000-8000-000000000001\",\"source\":\"/tributary/ingest\","
                        + "\"type\":\"io.tributary.audit.recorded\",\"data\":{\"principal\":\"pat\",\"client\":\"shop\",\"action\":\"ingest.records.write\","
                        + "\"resource\":\"table:sales.orders\",\"outcome\":\"accepted\",\"occurredAt\":\"2026-12-01T10:00:00Z\",\"traceId\":\"abc\","
                        + "\"detail\":{\"z\":1,\"a\":{\"y\":2,\"b\":3}}}}";
        AuditEntry entry = AuditEvents.parse(event.getBytes(StandardCharsets.UTF_8), Instant.EPOCH)
                .orElseThrow();
        assertThat(entry.principal()).isEqualTo("pat");
        assertThat(entry.detail()).isEqualTo("{\"a\":{\"b\":3,\"y\":2},\"client\":\"shop\",\"z\":1}");
        assertThat(AuditEvents.parse("not json".getBytes(StandardCharsets.UTF_8), Instant.EPOCH))
                .isEmpty();
        assertThat(AuditEvents.parse("{\"id\":\"x\",\"data\":{}}".getBytes(StandardCharsets.UTF_8), Instant.EPOCH))
                .isEmpty();
    }
}
