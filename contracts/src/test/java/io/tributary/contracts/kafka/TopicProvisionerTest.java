package io.tributary.contracts.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against the local broker ({@code ./tributary up}); skipped when none listens. */
class TopicProvisionerTest {

    private static final String BOOTSTRAP =
            System.getenv().getOrDefault("TRIBUTARY_KAFKA_BOOTSTRAP", "127.0.0.1:19092");
    private static final KafkaClients CLIENTS = KafkaClients.of(Map.of("bootstrap.servers", BOOTSTRAP), "test");

    @BeforeAll
    static void brokerListens() {
        String[] hostPort = BOOTSTRAP.split(",")[0].split(":");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 500);
        } catch (IOException e) {
            assumeTrue(false, "no Kafka broker at " + BOOTSTRAP);
        }
    }

    @Test
    void createsAMissingTopicWithItsPartitionsLedAndTakesAnExistingOneAsIs() throws Exception {
        String topic = "tributary.test.provisioner-" + UUID.randomUUID();
        try (TopicProvisioner topics = CLIENTS.topicProvisioner("admin", 2, Optional.empty(), Duration.ofSeconds(10));
                Admin admin = Admin.create(CLIENTS.adminConfig("check", Duration.ofSeconds(10)))) {
            assertThat(topics.ensure(topic)).containsExactly(topic);
            TopicDescription described =
                    admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            assertThat(described.partitions())
                    .hasSize(2)
                    .allMatch(p -> p.leader() != null && !p.leader().isEmpty());

            assertThat(topics.ensure(topic)).isEmpty();
            try (TopicProvisioner another =
                    CLIENTS.topicProvisioner("admin", 5, Optional.empty(), Duration.ofSeconds(10))) {
                assertThat(another.ensure(topic)).isEmpty();
            }
            assertThat(admin.describeTopics(List.of(topic))
                            .allTopicNames()
                            .get()
                            .get(topic)
                            .partitions())
                    .hasSize(2);
            admin.deleteTopics(List.of(topic)).all().get();
        }
    }

    @Test
    void aTopicKafkaWillNotCreateIsRefused() {
        try (TopicProvisioner topics =
                CLIENTS.topicProvisioner("admin", 1, Optional.of((short) 50), Duration.ofSeconds(10))) {
            assertThatThrownBy(() -> topics.ensure("tributary.test.provisioner-" + UUID.randomUUID()))
                    .isInstanceOf(TopicProvisioner.RefusedException.class)
                    .hasMessageContaining("Kafka refused to create topic");
        }
    }
}
