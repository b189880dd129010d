package io.tributary.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of each component of the local stack, read from {@code /proc}: the process named in
 * {@code .tributary/run/<name>.pid} and all its descendants (PostgreSQL runs a process per connection). Lets a
 * benchmark say where the CPU went during a run, per process, instead of guessing.
 */
final class ProcessCpu {

    static final List<String> COMPONENTS = List.of(
            "gateway", "ingest", "writer", "kafka", "catalog", "postgres", "governance", "query", "keycloak", "trino");

    /** Linux reports process times in clock ticks of 1/100 s on every architecture Java runs on here. */
    private static final double TICK_MS = 10.0;

    private ProcessCpu() {}

    /** CPU milliseconds used so far by each running component; empty when there is no {@code /proc}. */
    static Map<String, Double> sample() {
        Map<String, Double> result = new LinkedHashMap<>();
        Map<Long, Long> parents = new HashMap<>();
        Map<Long, Long> ticks = new HashMap<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .forEach(p -> read(p, parents, ticks));
        } catch (IOException e) {
            return result;
        }
        Path run = Path.of(Env.get("TRIBUTARY_STATE", ".tributary"), "run");
        for (String name : COMPONENTS) {
            try {
                String pid = Files.readString(run.resolve(name + ".pid")).trim().split("\\s+")[0];
                long root = Long.parseLong(pid);
                if (ticks.containsKey(root)) {
                    result.put(name, TICK_MS * tree(root, parents, ticks));
                    result.put(name + JIT, TICK_MS * jitTicks(root, parents, ticks.keySet()));
                }
            } catch (IOException | NumberFormatException e) {
                // not running: no column
            }
        }
        return result;
    }

    /**
     * {@code after - before} per component, as milliseconds per {@code unit} (e.g. per commit), then the share of the
     * JVMs' JIT compiler threads in it: on 2 cores, compiling is a large part of a short run.
     */
    static String perUnit(Map<String, Double> before, Map<String, Double> after, double units, String unitName) {
        List<String> parts = new ArrayList<>();
        double total = 0;
        double jit = 0;
        for (Map.Entry<String, Double> entry : after.entrySet()) {
            Double start = before.get(entry.getKey());
            if (start == null || units <= 0) {
                continue;
            }
            double ms = (entry.getValue() - start) / units;
            if (entry.getKey().endsWith(JIT)) {
                jit += ms;
                continue;
            }
            total += ms;
            parts.add(String.format("%s %.1f", entry.getKey(), ms));
        }
        return String.format(
                "CPU ms per %s: total %.1f = %s; of the total, JIT compiler threads %.1f",
                unitName, total, String.join(", ", parts), jit);
    }

    /** The key suffix of a component's JIT compiler threads' CPU. */
    static final String JIT = "/jit";

    /** The ticks of the JIT compiler threads (C1 and C2) of the processes in {@code root}'s tree. */
    private static long jitTicks(long root, Map<Long, Long> parents, Iterable<Long> pids) {
        long sum = 0;
        for (long pid : pids) {
            if (!inTree(pid, root, parents)) {
                continue;
            }
            try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
                for (Path task : (Iterable<Path>) tasks::iterator) {
                    try {
                        String name = Files.readString(task.resolve("comm")).trim();
                        if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                            String stat = Files.readString(task.resolve("stat"));
                            String[] fields =
                                    stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                            sum += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                        }
                    } catch (IOException | RuntimeException e) {
                        // the thread ended while being read
                    }
                }
            } catch (IOException e) {
                // the process ended while being read
            }
        }
        return sum;
    }

    private static boolean inTree(long pid, long root, Map<Long, Long> parents) {
        for (long at = pid; at > 1; at = parents.getOrDefault(at, 0L)) {
            if (at == root) {
                return true;
            }
        }
        return false;
    }

    private static long tree(long root, Map<Long, Long> parents, Map<Long, Long> ticks) {
        long sum = 0;
        for (Map.Entry<Long, Long> entry : ticks.entrySet()) {
            if (inTree(entry.getKey(), root, parents)) {
                sum += entry.getValue();
            }
        }
        return sum;
    }

    private static void read(Path proc, Map<Long, Long> parents, Map<Long, Long> ticks) {
        try {
            String stat = Files.readString(proc.resolve("stat"));
            // The command name is in parentheses and may hold spaces; the fields after it are fixed.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long pid = Long.parseLong(proc.getFileName().toString());
            parents.put(pid, Long.parseLong(fields[1]));
            // utime, stime, and the same of children already reaped (processes a service started and waited for)
            ticks.put(
                    pid,
                    Long.parseLong(fields[11])
                            + Long.parseLong(fields[12])
                            + Long.parseLong(fields[13])
                            + Long.parseLong(fields[14]));
        } catch (IOException | RuntimeException e) {
            // the process ended while being read
        }
    }
}
