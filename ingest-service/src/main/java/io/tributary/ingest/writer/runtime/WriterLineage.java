package io.tributary.ingest.writer.runtime;

import io.tributary.contracts.Topics;
import io.tributary.ingest.writer.LineageEvents;
import io.tributary.ingest.writer.WriterEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/** Adds OpenLineage events on {@code tributary.lineage} to the writer's listeners, unless lineage is switched off. */
@ApplicationScoped
public class WriterLineage {

    private static final Logger LOG = Logger.getLogger(WriterLineage.class);

    @Inject
    WriterConfig config;

    @Inject
    WriterKafkaClients kafka;

    /** {@code events}, plus a lineage emitter sending through {@code producer} when lineage is enabled. */
    public WriterEvents with(WriterEvents events, Producer<String, byte[]> producer) {
        if (!config.lineage().enabled()) {
            return events;
        }
        return WriterEvents.all(
                events,
                new LineageEvents(
                        config.lineage().producer(),
                        config.lineage().datasetNamespace().orElse(config.warehouse()),
                        kafka.lineageNamespace(),
                        (job, value) -> producer.send(new ProducerRecord<>(Topics.LINEAGE, job, value), (m, e) -> {
                            if (e != null) {
                                LOG.warnf("Lineage event for %s not sent: %s", job, e.toString());
                            }
                        })));
    }
}
