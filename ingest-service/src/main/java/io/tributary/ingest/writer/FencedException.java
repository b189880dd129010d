package io.tributary.ingest.writer;

/**
 * Another writer committed to the table since this writer last read its checkpoint, so this writer's batch may
 * overlap what is already in the table. The batch is dropped and the writer resumes from the table's checkpoint.
 */
public class FencedException extends RuntimeException {

    public FencedException(String message) {
        super(message);
    }
}
