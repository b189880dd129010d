package io.tributary.ingest.writer;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

class WithoutHadoopSiteFilesTest {

    @Test
    void aConfigurationCreatedInsideDoesNotReadHadoopsDefaultFiles() {
        assertThat(new Configuration().get("fs.defaultFS")).isEqualTo("file:///");

        Configuration inside = WithoutHadoopSiteFiles.run(Configuration::new);

        assertThat(inside.get("fs.defaultFS")).isNull();
        assertThat(inside.size()).isZero();
        inside.set("parquet.page.size", "1024");
        assertThat(inside.getInt("parquet.page.size", 0)).isEqualTo(1024);
    }

    @Test
    void theThreadsClassLoaderIsRestoredAndOtherResourcesAndClassesAreFound() throws Exception {
        ClassLoader before = Thread.currentThread().getContextClassLoader();

        Class<?> found = WithoutHadoopSiteFiles.run(() -> {
            ClassLoader inside = Thread.currentThread().getContextClassLoader();
            assertThat(inside.getResource("core-default.xml")).isNull();
            assertThat(inside.getResource("org/apache/hadoop/conf/Configuration.class"))
                    .isNotNull();
            try {
                return inside.loadClass("org.apache.iceberg.parquet.Parquet");
            } catch (ClassNotFoundException e) {
                throw new AssertionError(e);
            }
        });

        assertThat(found.getName()).isEqualTo("org.apache.iceberg.parquet.Parquet");
        ClassLoader first =
                WithoutHadoopSiteFiles.run(() -> Thread.currentThread().getContextClassLoader());
        ClassLoader second =
                WithoutHadoopSiteFiles.run(() -> Thread.currentThread().getContextClassLoader());
        assertThat(second).as("one loader for the same parent").isSameAs(first);
        assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(before);
        assertThat(WithoutHadoopSiteFiles.hidden("core-site.xml")).isTrue();
        assertThat(WithoutHadoopSiteFiles.hidden("mapred-default.xml")).isTrue();
        assertThat(WithoutHadoopSiteFiles.hidden("hdfs-rbf-site.xml")).isTrue();
        assertThat(WithoutHadoopSiteFiles.hidden("application.properties")).isFalse();
        assertThat(WithoutHadoopSiteFiles.hidden("META-INF/site.xml")).isFalse();
    }
}
