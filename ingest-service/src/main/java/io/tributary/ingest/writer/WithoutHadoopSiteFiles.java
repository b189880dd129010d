package io.tributary.ingest.writer;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Runs a step with a context class loader that does not find Hadoop's XML configuration files ({@code core-default.xml},
 * {@code core-site.xml}, {@code mapred-default.xml}, ...).
 *
 * <p>Iceberg's Parquet writer creates a new Hadoop {@code Configuration} for every data file, and the first property
 * set on it makes Hadoop parse those files again: {@code core-default.xml} alone is about 170 KB. That was close to a
 * third of the lake writer's CPU when tables commit one record at a time. The Parquet writer reads nothing from them
 * that it does not also default in code (codec levels, buffer sizes), and a {@code Configuration} looks its default
 * files up through the class loader it was created with, which is the thread's context class loader.
 */
final class WithoutHadoopSiteFiles extends ClassLoader {

    private static final Pattern HADOOP_FILE = Pattern.compile("[a-z]+(-[a-z]+)*-(default|site)\\.xml");

    /**
     * One loader per parent, kept: Hadoop caches the classes a {@code Configuration} loads by its class loader, so a
     * new loader per data file would start that cache afresh each time.
     */
    private static volatile WithoutHadoopSiteFiles last;

    private WithoutHadoopSiteFiles(ClassLoader parent) {
        super(parent);
    }

    static <T> T run(Supplier<T> step) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        ClassLoader parent = previous != null ? previous : WithoutHadoopSiteFiles.class.getClassLoader();
        WithoutHadoopSiteFiles loader = last;
        if (loader == null || loader.getParent() != parent) {
            loader = new WithoutHadoopSiteFiles(parent);
            last = loader;
        }
        thread.setContextClassLoader(loader);
        try {
            return step.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    static boolean hidden(String name) {
        return HADOOP_FILE.matcher(name).matches();
    }

    @Override
    public URL getResource(String name) {
        return hidden(name) ? null : super.getResource(name);
    }

    @Override
    public InputStream getResourceAsStream(String name) {
        return hidden(name) ? null : super.getResourceAsStream(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        return hidden(name) ? Collections.emptyEnumeration() : super.getResources(name);
    }
}
