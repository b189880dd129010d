package io.tributary.contracts.events;

import java.security.SecureRandom;
import java.util.UUID;

/** RFC 9562 UUID version 7: time-ordered, so ids sort by creation time in indexes and logs. */
public final class Uuid7 {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Uuid7() {}

    public static UUID next() {
        return at(System.currentTimeMillis());
    }

    static UUID at(long epochMillis) {
        long randA = RANDOM.nextInt(1 << 12);
        long msb = (epochMillis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | randA;
        long lsb = (RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb);
    }

    /** The creation time encoded in a version-7 UUID. */
    public static long epochMillis(UUID uuid) {
        if (uuid.version() != 7) {
            throw new IllegalArgumentException(uuid + " is not a version 7 UUID");
        }
        return uuid.getMostSignificantBits() >>> 16;
    }
}
