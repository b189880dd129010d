package io.tributary.governance.core.expr;

/** An expression that cannot be parsed or is not allowed; {@code position} is the 0-based offset of the fault. */
public class ExprException extends RuntimeException {

    private final int position;

    public ExprException(String message, int position) {
        super(message);
        this.position = position;
    }

    public int position() {
        return position;
    }

    /** The message with the position, as users see it: {@code "unknown column 'x' at position 7"}. */
    public String describe() {
        return position < 0 ? getMessage() : getMessage() + " at position " + (position + 1);
    }
}
