package io.tributary.gateway.testing;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A reproducible byte stream of any length, so both ends of a transfer can check it without storing it. */
public final class TestData {

    public static final int MB = 1024 * 1024;

    private TestData() {}

    /** Never repeats within any realistic size, so a misplaced chunk cannot go unnoticed. */
    public static byte byteAt(long position) {
        long z = (position >>> 3) + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (byte) (z >>> ((position & 7) * 8));
    }

    public static void fill(byte[] target, long offset, int length) {
        for (int i = 0; i < length; i++) {
            target[i] = byteAt(offset + i);
        }
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256Of(long size) {
        MessageDigest digest = sha256();
        byte[] chunk = new byte[64 * 1024];
        for (long offset = 0; offset < size; offset += chunk.length) {
            int length = (int) Math.min(chunk.length, size - offset);
            fill(chunk, offset, length);
            digest.update(chunk, 0, length);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The stream of {@code size} bytes; {@code checkpoint} runs once, when {@code checkpointAt} bytes have been read. */
    public static InputStream stream(long size, long checkpointAt, Runnable checkpoint) {
        return new InputStream() {
            private long position;
            private boolean checked;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] target, int offset, int length) {
                if (position >= size) {
                    return -1;
                }
                if (!checked && position >= checkpointAt) {
                    checked = true;
                    checkpoint.run();
                }
                long limit = checked ? size : Math.min(size, checkpointAt);
                int count = (int) Math.min(length, limit - position);
                for (int i = 0; i < count; i++) {
                    target[offset + i] = byteAt(position + i);
                }
                position += count;
                return count;
            }
        };
    }
}
