package io.tributary.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code wrk} (one thread, a fixed number of keep-alive connections, a fixed duration) on one request and reads
 * its figures back from a Lua {@code done} hook. wrk costs far less CPU per request than a Java client, which matters
 * when the client shares 2 cores with the service it measures.
 */
final class Wrk {

    /**
     * Requests answered, requests/s, latency in ms, answers that were not 2xx/3xx, and requests that failed (socket
     * errors, timeouts).
     */
    record Result(long requests, double perSecond, double p50, double p99, double mean, long refused, long failed) {}

    private static final String SCRIPT = """
            function init(args)
              if args[1] ~= nil and args[1] ~= "" then
                local f = assert(io.open(args[1], "rb"))
                wrk.method = "POST"
                wrk.body = f:read("*a")
                f:close()
                wrk.headers["Content-Type"] = "application/json"
              end
              local token = os.getenv("BENCH_TOKEN")
              if token ~= nil and token ~= "" then
                wrk.headers["Authorization"] = "Bearer " .. token
              end
            end
            function done(summary, latency, requests)
              local e = summary.errors
              io.write(string.format("WRK %d %d %.1f %.1f %.1f %d %d\\n", summary.requests, summary.duration,
                latency:percentile(50), latency:percentile(99), latency.mean,
                e.status, e.connect + e.read + e.write + e.timeout))
            end
            """;

    private final Path script;

    Wrk() throws IOException {
        script = Files.createTempFile("bench-wrk", ".lua");
        Files.writeString(script, SCRIPT, StandardCharsets.UTF_8);
        script.toFile().deleteOnExit();
    }

    /**
     * @param body a file holding the JSON to POST, or null for a GET
     * @param token a bearer token, or null for none
     */
    Result run(String url, Path body, String token, int connections, int seconds)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                "wrk",
                "-t1",
                "-c" + connections,
                "-d" + seconds + "s",
                "--timeout",
                "10s",
                "-s",
                script.toString(),
                url,
                "--",
                body == null ? "" : body.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // The token goes through the environment, not the command line that every process can read.
        builder.environment().put("BENCH_TOKEN", token == null ? "" : token);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(seconds + 60L, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("wrk failed on " + url + ":\n" + output);
        }
        for (String line : output.split("\n")) {
            if (line.startsWith("WRK ")) {
                String[] f = line.trim().split(" ");
                long requests = Long.parseLong(f[1]);
                double micros = Double.parseDouble(f[2]);
                return new Result(
                        requests,
                        requests / (micros / 1e6),
                        Double.parseDouble(f[3]) / 1000,
                        Double.parseDouble(f[4]) / 1000,
                        Double.parseDouble(f[5]) / 1000,
                        Long.parseLong(f[6]),
                        Long.parseLong(f[7]));
            }
        }
        throw new IllegalStateException("wrk printed no figures for " + url + ":\n" + output);
    }
}
