package io.tributary.ingest.api;

import io.tributary.ingest.core.InFlightBudget;
import io.vertx.core.buffer.Buffer;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A request body received whole on the event loop, as the pieces the connection delivered (no copy), with the
 * in-flight reservation that holds its bytes. Read once, by the worker that handles the request.
 */
final class ReceivedBody {

    private final List<Buffer> pieces = new ArrayList<>();
    private final InFlightBudget.Reservation reservation;
    private long length;

    ReceivedBody(InFlightBudget.Reservation reservation) {
        this.reservation = reservation;
    }

    InFlightBudget.Reservation reservation() {
        return reservation;
    }

    long length() {
        return length;
    }

    void add(Buffer piece) {
        if (piece.length() > 0) {
            pieces.add(piece);
            length += piece.length();
        }
    }

    InputStream stream() {
        return new PiecesInputStream(pieces);
    }

    private static final class PiecesInputStream extends InputStream {
        private final List<Buffer> pieces;
        private int piece;
        private int position;

        PiecesInputStream(List<Buffer> pieces) {
            this.pieces = pieces;
        }

        @Override
        public int read() {
            Buffer current = current();
            if (current == null) {
                return -1;
            }
            return current.getByte(position++) & 0xFF;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            Buffer current = current();
            if (current == null) {
                return -1;
            }
            int n = Math.min(length, current.length() - position);
            current.getBytes(position, position + n, target, offset);
            position += n;
            return n;
        }

        @Override
        public int available() {
            Buffer current = current();
            return current == null ? 0 : current.length() - position;
        }

        private Buffer current() {
            while (piece < pieces.size()) {
                Buffer current = pieces.get(piece);
                if (position < current.length()) {
                    return current;
                }
                piece++;
                position = 0;
            }
            return null;
        }
    }
}
