package io.tributary.ingest.maintenance.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Makes the calling thread yield the cores to the rest of its process. Java's thread priorities are not passed to
 * Linux's scheduler, so the thread's own nice value is raised to 19 ({@code renice} on its thread id, which Linux
 * schedules on its own). Best effort: where that cannot be done the thread keeps the process's priority.
 */
final class LowPriority {

    private static final Logger LOG = Logger.getLogger(LowPriority.class);

    private LowPriority() {}

    /** True when the calling thread now runs at nice 19. */
    static boolean lowerCurrentThread() {
        Path self = Path.of("/proc/thread-self");
        try {
            // "<pid>/task/<tid>"
            String tid = Files.readSymbolicLink(self).getFileName().toString();
            Process renice = new ProcessBuilder("renice", "-n", "19", "-p", tid)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!renice.waitFor(5, TimeUnit.SECONDS)) {
                renice.destroyForcibly();
                return false;
            }
            return renice.exitValue() == 0;
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debugf("The maintenance thread keeps the process's priority: %s", e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
