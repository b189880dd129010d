package io.tributary.contracts.events;

/** Kafka record header names used on every topic. */
public final class EventHeaders {

    /** W3C trace context, carried unchanged from the HTTP request that caused the record. */
    public static final String TRACEPARENT = "traceparent";

    public static final String CONTENT_TYPE = "content-type";
    public static final String CLOUDEVENTS_CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8";
    public static final String PRODUCER = "tributary-producer";
    public static final String CONTRACT_VERSION = "tributary-contract-version";
    public static final String IDEMPOTENCY_KEY = "tributary-idempotency-key";

    private EventHeaders() {}
}
