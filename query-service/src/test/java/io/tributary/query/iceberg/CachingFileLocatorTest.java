package io.tributary.query.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.query.core.QueryException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.iceberg.inmemory.InMemoryFileIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachingFileLocatorTest {

    @TempDir
    Path cache;

    @Test
    void localFilesAreReadInPlace() {
        CachingFileLocator files = new CachingFileLocator(cache, 100);
        assertThat(files.localPath(null, "file:/data/a.parquet", 1)).isEqualTo("/data/a.parquet");
        assertThat(files.localPath(null, "file:///data/a.parquet", 1)).isEqualTo("/data/a.parquet");
        assertThat(files.localPath(null, "/data/a.parquet", 1)).isEqualTo("/data/a.parquet");
    }

    @Test
    void remoteFilesAreCopiedKeptAndTheLeastRecentlyUsedEvicted() throws Exception {
        InMemoryFileIO io = new InMemoryFileIO();
        io.addFile("s3://b/a.parquet", new byte[40]);
        io.addFile("s3://b/b.parquet", new byte[40]);
        io.addFile("s3://b/c.parquet", new byte[40]);
        CachingFileLocator files = new CachingFileLocator(cache, 100);
        Path a = Path.of(files.localPath(io, "s3://b/a.parquet", 40));
        Path b = Path.of(files.localPath(io, "s3://b/b.parquet", 40));
        assertThat(Files.size(a)).isEqualTo(40);
        io.deleteFile("s3://b/a.parquet");
        assertThat(files.localPath(io, "s3://b/a.parquet", 40)).isEqualTo(a.toString());
        Path c = Path.of(files.localPath(io, "s3://b/c.parquet", 40));
        assertThat(files.cachedBytes()).isEqualTo(80);
        assertThat(a).exists();
        assertThat(b).doesNotExist();
        assertThat(c).exists();
    }

    @Test
    void aCopyOfTheWrongSizeIsRefused() {
        InMemoryFileIO io = new InMemoryFileIO();
        io.addFile("s3://b/a.parquet", new byte[10]);
        CachingFileLocator files = new CachingFileLocator(cache, 100);
        assertThatThrownBy(() -> files.localPath(io, "s3://b/a.parquet", 11))
                .isInstanceOfSatisfying(
                        QueryException.class, e -> assertThat(e.reason()).isEqualTo(QueryException.Reason.UNAVAILABLE));
        assertThat(files.cachedBytes()).isZero();
    }
}
