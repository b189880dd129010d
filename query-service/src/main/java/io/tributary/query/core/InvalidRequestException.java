package io.tributary.query.core;

import java.util.List;

/** A request whose fields are wrong, each fault named by a JSON pointer into the request body. */
public final class InvalidRequestException extends QueryException {

    private final List<Fault> faults;

    public InvalidRequestException(String message, List<Fault> faults) {
        super(Reason.INVALID_REQUEST, message);
        this.faults = List.copyOf(faults);
    }

    public List<Fault> faults() {
        return faults;
    }

    public record Fault(String pointer, String message) {}
}
