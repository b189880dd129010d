package io.tributary.contracts.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local warehouse files through java.nio: what a writer, the catalog and maintenance do with them. */
class WarehouseFileIOTest {

    @TempDir
    Path dir;

    /** Every other scheme goes here; these tests must never reach it. */
    private final List<String> remote = new ArrayList<>();

    private final FileIO fallback = new FileIO() {
        @Override
        public InputFile newInputFile(String path) {
            remote.add(path);
            throw new UnsupportedOperationException(path);
        }

        @Override
        public OutputFile newOutputFile(String path) {
            remote.add(path);
            throw new UnsupportedOperationException(path);
        }

        @Override
        public void deleteFile(String path) {
            remote.add(path);
        }
    };

    private final WarehouseFileIO io = new WarehouseFileIO(fallback);

    private void write(String location, String text) throws IOException {
        try (OutputStream out = io.newOutputFile(location).createOrOverwrite()) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private String read(String location) throws IOException {
        try (InputStream in = io.newInputFile(location).newStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void writesAndReadsFilesUnderFileUrisAndPlainPathsCreatingDirectories() throws IOException {
        String uri = "file:" + dir + "/t/metadata/00001.metadata.json";
        write(uri, "{\"a\":1}");
        assertThat(read(uri)).isEqualTo("{\"a\":1}");
        assertThat(read(dir + "/t/metadata/00001.metadata.json")).isEqualTo("{\"a\":1}");
        assertThat(io.newInputFile("file://" + dir + "/t/metadata/00001.metadata.json")
                        .getLength())
                .isEqualTo(7);
        assertThat(Files.list(dir.resolve("t/metadata"))
                        .map(p -> p.getFileName().toString()))
                .as("no checksum file beside it")
                .containsExactly("00001.metadata.json");
        assertThat(remote).isEmpty();
    }

    @Test
    void createRefusesAnExistingFileAndAMissingFileHasNoLength() throws IOException {
        String location = "file:" + dir + "/x.parquet";
        write(location, "one");
        assertThatThrownBy(() -> io.newOutputFile(location).create()).isInstanceOf(RuntimeException.class);
        assertThat(io.newInputFile("file:" + dir + "/missing").exists()).isFalse();
        assertThatThrownBy(() -> io.newInputFile("file:" + dir + "/missing").getLength())
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> io.newInputFile("file:" + dir + "/missing").newStream())
                .isInstanceOf(NotFoundException.class)
                .hasMessage("Failed to open input stream for file: file:" + dir + "/missing");
    }

    @Test
    void deletingAFileAlsoDeletesTheChecksumHadoopWroteBesideIt() throws IOException {
        String location = "file:" + dir + "/d/data.parquet";
        write(location, "rows");
        Files.writeString(dir.resolve("d/.data.parquet.crc"), "crc");
        io.deleteFile(location);
        assertThat(Files.list(dir.resolve("d"))).isEmpty();
        io.deleteFile(location); // already gone: no error
    }

    @Test
    void listsAndDeletesByPrefixWithSizesAndTimes() throws IOException {
        String table = "file:" + dir + "/wh/ns/t";
        write(table + "/data/a.parquet", "aaaa");
        write(table + "/metadata/v1.json", "{}");
        write("file:" + dir + "/wh/ns/other/data/b.parquet", "b");

        List<FileInfo> files = new ArrayList<>();
        io.listPrefix(table).forEach(files::add);
        assertThat(files)
                .extracting(FileInfo::location)
                .containsExactlyInAnyOrder(table + "/data/a.parquet", table + "/metadata/v1.json");
        assertThat(files)
                .filteredOn(f -> f.location().endsWith("a.parquet"))
                .first()
                .satisfies(f -> {
                    assertThat(f.size()).isEqualTo(4);
                    assertThat(f.createdAtMillis()).isPositive();
                });
        assertThat(io.listPrefix("file:" + dir + "/nothing-here")).isEmpty();

        io.deleteFiles(List.of(table + "/data/a.parquet", "s3://bucket/elsewhere.parquet"));
        assertThat(Files.exists(dir.resolve("wh/ns/t/data/a.parquet"))).isFalse();
        assertThat(remote).containsExactly("s3://bucket/elsewhere.parquet");

        io.deletePrefix(table);
        assertThat(Files.exists(dir.resolve("wh/ns/t"))).isFalse();
        assertThat(Files.exists(dir.resolve("wh/ns/other/data/b.parquet"))).isTrue();
    }

    @Test
    void otherSchemesGoToTheFallback() {
        assertThat(WarehouseFileIO.path("s3://bucket/w/t")).isNull();
        assertThat(WarehouseFileIO.path("file:///srv/w/a b%20c.json")).isEqualTo(Path.of("/srv/w/a b%20c.json"));
        assertThat(WarehouseFileIO.path("file://localhost/srv/w/t")).isEqualTo(Path.of("/srv/w/t"));
        io.deleteFile("s3://bucket/w/t/x.parquet");
        assertThat(remote).containsExactly("s3://bucket/w/t/x.parquet");
    }
}
