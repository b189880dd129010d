package io.tributary.contracts.problem;

/** JSON pointers (RFC 6901), as every violation names the field at fault. */
public final class JsonPointer {

    private JsonPointer() {}

    /** A reference token as it appears in a pointer: {@code ~} becomes {@code ~0} and {@code /} becomes {@code ~1}. */
    public static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    /** The reference token an escaped one stands for; {@code ~1} is decoded before {@code ~0}, as RFC 6901 asks. */
    public static String unescape(String token) {
        return token.replace("~1", "/").replace("~0", "~");
    }

    /** {@code pointer} followed by one more reference token, escaped. */
    public static String append(String pointer, String token) {
        return pointer + "/" + escape(token);
    }

    /** {@code pointer} followed by an array index. */
    public static String append(String pointer, int index) {
        return pointer + "/" + index;
    }
}
