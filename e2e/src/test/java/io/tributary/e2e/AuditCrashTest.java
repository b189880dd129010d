package io.tributary.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.path.json.JsonPath;
import io.tributary.contracts.Topics;
import io.tributary.contracts.events.EventTypes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The audit log under a crash: while 3,000 audit events stream onto {@code tributary.audit}, governance-service is
 * killed with SIGKILL mid-consumption and started again. Afterwards the log holds every event exactly once, events
 * sent twice with the same CloudEvents id included, and the hash chain verifies.
 */
@Order(9)
class AuditCrashTest {

    private static final int EVENTS = 3_000;
    private static final int PER_TICK = 50;
    private static final int KILL_AFTER = 300;
    private static final int DUPLICATES = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void killingGovernanceMidBurstLosesAndDoublesNoAuditEntry() throws Exception {
        String run = Long.toString(System.currentTimeMillis(), 36);
        String principal = "e2e-audit-" + run;
        String resource = "table:e2e_audit_" + run + ".burst";
        List<String> ids = new ArrayList<>(EVENTS);
        for (int i = 0; i < EVENTS; i++) {
            ids.add(UUID.randomUUID().toString());
        }
        String steward = Suite.userToken("sam");

        ExecutorService pool = Executors.newSingleThreadExecutor();
        long killedPid;
        int loggedAtKill;
        try (KafkaProducer<String, byte[]> producer = producer()) {
            // About 500 events a second, so governance is consuming a stream, not a finished backlog, when it dies.
            Future<?> burst = pool.submit(() -> {
                for (int i = 0; i < EVENTS; i++) {
                    producer.send(event(ids.get(i), principal, resource, i));
                    if (i % PER_TICK == PER_TICK - 1) {
                        producer.flush();
                        Thread.sleep(100);
                    }
                }
                // The broker or a producer delivering a few events again: same CloudEvents ids, one entry each.
                for (int i = 0; i < DUPLICATES; i++) {
                    producer.send(event(ids.get(i), principal, resource, i));
                }
                producer.flush();
                return null;
            });

            loggedAtKill = poll(() -> count(steward, resource), n -> n >= KILL_AFTER, Duration.ofSeconds(120));
            assertThat(burst.isDone())
                    .as("the burst is still being sent when governance is killed")
                    .isFalse();
            killedPid = governancePid();
            ProcessHandle process = ProcessHandle.of(killedPid)
                    .orElseThrow(() -> new AssertionError("governance pid " + killedPid + " is not running"));
            process.destroyForcibly(); // SIGKILL
            process.onExit().get(30, TimeUnit.SECONDS);
            burst.get(2, TimeUnit.MINUTES);
            Suite.launcher("start", "governance");
            assertThat(governancePid()).isNotEqualTo(killedPid);

            // Sent again after the restart, long after the first copies were chained.
            for (int i = 0; i < DUPLICATES; i++) {
                producer.send(event(ids.get(EVENTS - 1 - i), principal, resource, EVENTS - 1 - i));
            }
            producer.flush();
        } finally {
            pool.shutdownNow();
        }

        poll(() -> count(steward, resource), n -> n >= EVENTS, Duration.ofSeconds(180));
        // Let any straggling redelivery land before counting for the last time.
        Thread.sleep(2_000);
        List<String> logged = eventIds(steward, resource);
        Set<String> distinct = new HashSet<>(logged);
        System.out.printf(
                "audit crash test: %d events sent (+%d twice), governance pid %d killed with %d of them logged, "
                        + "%d entries after restart, %d distinct%n",
                EVENTS, 2 * DUPLICATES, killedPid, loggedAtKill, logged.size(), distinct.size());
        assertThat(loggedAtKill)
                .as("entries logged when governance was killed (it died mid-burst)")
                .isPositive()
                .isLessThan(EVENTS);
        assertThat(logged.size())
                .as("entries (duplicates would make this larger)")
                .isEqualTo(distinct.size());
        assertThat(distinct).as("event ids in the log").isEqualTo(new HashSet<>(ids));

        JsonPath verify = given().auth()
                .oauth2(steward)
                .when()
                .get(Suite.serviceUrl("governance") + "/api/governance/v1/audit/verify")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(verify.getBoolean("valid"))
                .as("the hash chain after the crash: " + verify.prettify())
                .isTrue();
        assertThat(verify.getLong("count")).isGreaterThanOrEqualTo(EVENTS);
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties config = new Properties();
        config.put(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                System.getenv().getOrDefault("TRIBUTARY_KAFKA_BOOTSTRAP", "127.0.0.1:19092"));
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(config);
    }

    /** An audit event as every service sends it (contracts' AuditPublisher): a CloudEvent keyed by principal. */
    private static ProducerRecord<String, byte[]> event(String id, String principal, String resource, int n) {
        ObjectNode event = JSON.createObjectNode();
        event.put("specversion", "1.0");
        event.put("id", id);
        event.put("source", "/tributary/e2e");
        event.put("type", EventTypes.AUDIT_RECORDED);
        event.put("subject", resource);
        event.put("time", Instant.now().toString());
        event.put("datacontenttype", "application/json");
        ObjectNode data = event.putObject("data");
        data.put("principal", principal);
        data.put("action", "e2e.audit.burst");
        data.put("resource", resource);
        data.put("outcome", "accepted");
        data.put("occurredAt", Instant.now().toString());
        data.putObject("detail").put("n", n);
        try {
            return new ProducerRecord<>(Topics.AUDIT, principal, JSON.writeValueAsBytes(event));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How many entries of the resource the log holds; -1 while governance does not answer. */
    private static int count(String token, String resource) {
        try {
            return eventIds(token, resource).size();
        } catch (RuntimeException | AssertionError e) {
            return -1;
        }
    }

    /** Every entry's event id for the resource, page by page, in log order. */
    private static List<String> eventIds(String token, String resource) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            JsonPath page = page(token, resource, cursor);
            ids.addAll(page.getList("entries.event-id", String.class));
            cursor = page.getString("next-cursor");
        } while (cursor != null);
        return ids;
    }

    private static JsonPath page(String token, String resource, String cursor) {
        var request =
                given().auth().oauth2(token).queryParam("resource", resource).queryParam("limit", 1000);
        if (cursor != null) {
            request = request.queryParam("cursor", cursor);
        }
        return request.when()
                .get(Suite.serviceUrl("governance") + "/api/governance/v1/audit")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static long governancePid() throws java.io.IOException {
        Path file = Path.of("..", ".tributary", "run", "governance.pid");
        return Long.parseLong(Files.readString(file).trim().split("\\s+")[0]);
    }

    private static int poll(
            java.util.function.IntSupplier probe, java.util.function.IntPredicate done, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int value = probe.getAsInt();
        while (!done.test(value) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            value = probe.getAsInt();
        }
        assertThat(done.test(value))
                .as("reached within " + timeout + " (last: " + value + ")")
                .isTrue();
        return value;
    }
}
