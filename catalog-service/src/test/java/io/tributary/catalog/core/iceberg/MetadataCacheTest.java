package io.tributary.catalog.core.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.inmemory.InMemoryFileIO;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

class MetadataCacheTest {

    private final List<String> reads = new ArrayList<>();
    private final Set<String> deleted = new HashSet<>();
    private final Map<String, Long> lengths = new HashMap<>();
    private final ToLongFunction<String> present =
            location -> deleted.contains(location) ? -1 : lengths.getOrDefault(location, 100L);
    private final Function<String, TableMetadata> read = location -> {
        reads.add(location);
        return TableMetadata.newTableMetadata(
                new Schema(Types.NestedField.required(1, "id", Types.LongType.get())),
                PartitionSpec.unpartitioned(),
                SortOrder.unsorted(),
                "file:/w/t",
                Map.of());
    };

    @Test
    void eachLocationIsReadOnceAndAnotherLocationIsReadAgain() {
        MetadataCache cache = new MetadataCache(100);

        TableMetadata first = cache.get("file:/w/t/metadata/1.json", present, read);
        assertThat(cache.get("file:/w/t/metadata/1.json", present, read)).isSameAs(first);
        cache.get("file:/w/t/metadata/2.json", present, read);

        assertThat(reads).containsExactly("file:/w/t/metadata/1.json", "file:/w/t/metadata/2.json");
    }

    @Test
    void theLeastRecentlyUsedEntryLeavesFirstWhenTheSnapshotBudgetIsSpent() {
        MetadataCache cache = new MetadataCache(2);
        cache.get("a", present, read);
        cache.get("b", present, read);
        cache.get("a", present, read);
        cache.get("c", present, read);

        cache.get("a", present, read);
        cache.get("b", present, read);

        assertThat(reads).containsExactly("a", "b", "c", "b");
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void aHitWhoseFileWasDeletedIsReadAgainSoTheReadCanFail() {
        MetadataCache cache = new MetadataCache(100);
        cache.get("a", present, read);
        deleted.add("a");

        cache.get("a", present, read);

        assertThat(reads).containsExactly("a", "a");
    }

    @Test
    void aFileRewrittenInPlaceIsReadAgain() {
        MetadataCache cache = new MetadataCache(100);
        cache.get("v1.metadata.json", present, read);
        lengths.put("v1.metadata.json", 250L);

        cache.get("v1.metadata.json", present, read);

        assertThat(reads).containsExactly("v1.metadata.json", "v1.metadata.json");
    }

    @Test
    void withoutABudgetNothingIsKept() {
        MetadataCache cache = new MetadataCache(0);
        cache.get("a", present, read);
        cache.get("a", present, read);

        assertThat(reads).containsExactly("a", "a");
        assertThat(cache.size()).isZero();
    }

    @Test
    void aCommitKeepsExactlyWhatReadingItsFileBackGives() {
        FileIO io = new InMemoryFileIO();
        MetadataCache cache = new MetadataCache(100);
        TableMetadata created = MetadataCache.asWritten(read.apply("unused"), "mem:/t/metadata/00000-a.metadata.json");
        TableMetadataParser.overwrite(created, io.newOutputFile(created.metadataFileLocation()));
        // A property, a new schema and, through buildFrom, a metadata-log entry naming the previous file.
        TableMetadata next = TableMetadata.buildFrom(created)
                .setProperties(Map.of("owner", "ana"))
                .setCurrentSchema(
                        new Schema(
                                Types.NestedField.required(1, "id", Types.LongType.get()),
                                Types.NestedField.optional(2, "note", Types.StringType.get())),
                        2)
                .build();
        String location = "mem:/t/metadata/00001-b.metadata.json";
        TableMetadataParser.overwrite(next, io.newOutputFile(location));

        cache.committed(location, next, io.newInputFile(location).getLength(), MetadataJson.write(next, Map.of()));
        lengths.put(location, io.newInputFile(location).getLength());

        TableMetadata fromFile = TableMetadataParser.read(io, location);
        TableMetadata kept = cache.get(location, present, read);
        assertThat(reads).doesNotContain(location);
        assertThat(kept.metadataFileLocation()).isEqualTo(location);
        assertThat(kept.changes()).isEmpty();
        assertThat(TableMetadataParser.toJson(kept)).isEqualTo(TableMetadataParser.toJson(fromFile));
        assertThat(cache.json(location)).isEqualTo(TableMetadataParser.toJson(fromFile));
    }

    @Test
    void theJsonOfAnEntryIsItsMetadatasAndNothingWhenNotCached() {
        MetadataCache cache = new MetadataCache(100);
        assertThat(cache.json("mem:/t/metadata/00000-a.metadata.json")).isNull();

        TableMetadata loaded = cache.get("mem:/t/metadata/00000-a.metadata.json", present, read);
        assertThat(cache.json("mem:/t/metadata/00000-a.metadata.json"))
                .isEqualTo(TableMetadataParser.toJson(loaded))
                .isSameAs(cache.json("mem:/t/metadata/00000-a.metadata.json"));
        assertThat(cache.json("mem:/t/metadata/00001-b.metadata.json")).isNull();
    }
}
