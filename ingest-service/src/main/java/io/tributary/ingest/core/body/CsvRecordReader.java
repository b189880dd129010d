package io.tributary.ingest.core.body;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;

/**
 * {@code text/csv} as RFC 4180 describes it: a header row naming top-level fields, then one record per row;
 * values separated by commas; a value holding a comma, quote or line break is quoted, and a quote inside it doubled.
 * Rows end with CRLF or LF.
 *
 * <ul>
 *   <li>An empty unquoted value is null; a quoted empty value ({@code ""}) is the empty string.</li>
 *   <li>A struct, list or map column holds JSON text.</li>
 *   <li>Blank lines are skipped; nothing is trimmed.</li>
 *   <li>Values are data, never formulas: {@code =HYPERLINK(...)} is stored as that string, and nothing here
 *       evaluates or flags it. Escaping for spreadsheets is the job of whoever exports to one.</li>
 * </ul>
 * A row with the wrong number of values or broken quoting is one bad record; a header that does not fit the
 * contract fails the whole body.
 */
final class CsvRecordReader implements RecordReader {

    private final Reader text;
    private final RecordEncoder encoder;
    private final char[] buffer = new char[16 * 1024];
    private int position;
    private int limit;
    private long line = 1;
    private long index;
    private final List<String> header;
    private final StringBuilder cell = new StringBuilder();
    /** The current row's text as read so far, up to {@link ParsedRecord#RAW_KEPT} characters. */
    private final StringBuilder raw = new StringBuilder();
    /** Where in {@code buffer} the current row's text not yet in {@code raw} starts. */
    private int rawFrom;

    CsvRecordReader(InputStream body, Schema schema, RecordEncoder encoder) throws IOException {
        this.text = new Utf8Reader(body);
        this.encoder = encoder;
        Row first;
        do {
            first = readRow();
        } while (first != null && first.blank());
        if (first == null) {
            throw new MalformedBodyException("The CSV body has no header row.");
        }
        if (first.problem != null) {
            throw new MalformedBodyException("The CSV header row is malformed: " + first.problem);
        }
        List<String> names = new ArrayList<>(first.cells.size());
        for (String name : first.cells) {
            names.add(name == null ? "" : name);
        }
        this.header = List.copyOf(names);
        checkHeader(schema);
    }

    private void checkHeader(Schema schema) {
        List<Violation> violations = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i);
            String pointer = Violation.child("", name);
            if (!seen.add(name)) {
                violations.add(new Violation(
                        pointer,
                        "distinct column names",
                        "column " + (i + 1) + " repeats '" + name + "'",
                        "Column '" + name + "' appears more than once in the header."));
            } else if (schema.asStruct().field(name) == null) {
                violations.add(new Violation(
                        pointer,
                        "a top-level field of the contract",
                        "column " + (i + 1) + " '" + name + "'",
                        "Column '" + name + "' is not a field of the contract (names are case-sensitive)."));
            }
        }
        for (Types.NestedField field : schema.columns()) {
            if (field.isRequired() && field.writeDefault() == null && !seen.contains(field.name())) {
                violations.add(new Violation(
                        Violation.child("", field.name()),
                        field.type().toString(),
                        "no such column",
                        "Required field '" + field.name() + "' has no column in the header."));
            }
        }
        if (!violations.isEmpty()) {
            throw new MalformedBodyException("The CSV header does not fit the table's contract.", violations);
        }
    }

    @Override
    public ParsedRecord next() throws IOException {
        Row row;
        do {
            row = readRow();
        } while (row != null && row.blank());
        if (row == null) {
            return null;
        }
        long recordIndex = index++;
        if (row.problem != null) {
            return ParsedRecord.unreadable(
                    recordIndex,
                    row.line,
                    new Violation("", "a CSV row (RFC 4180)", "malformed quoting", row.problem),
                    row.raw);
        }
        if (row.cells.size() != header.size()) {
            return ParsedRecord.unreadable(
                    recordIndex,
                    row.line,
                    new Violation(
                            "",
                            header.size() + " values",
                            row.cells.size() + " values",
                            "The row on line " + row.line + " has " + row.cells.size() + " values but the header names "
                                    + header.size() + " columns."),
                    raw.toString());
        }
        if (encoder != null) {
            RecordEncoder.Encoded encoded = encoder.text(header, row.cells);
            if (encoded != null) {
                return ParsedRecord.encoded(recordIndex, row.line, encoded);
            }
        }
        ObjectNode record = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < header.size(); i++) {
            String value = row.cells.get(i);
            if (value == null) {
                record.putNull(header.get(i));
            } else {
                record.put(header.get(i), value);
            }
        }
        return ParsedRecord.of(recordIndex, row.line, record, ValueForm.TEXT);
    }

    private static final class Row {
        /** The values; null for an empty unquoted value. */
        final List<String> cells = new ArrayList<>();

        long line;
        String problem;
        String raw;

        boolean blank() {
            return problem == null && cells.size() == 1 && cells.get(0) == null;
        }
    }

    /**
     * One row, or null at the end of the body. After a quoting error it skips to the end of the line. Runs of plain
     * characters are taken from the buffer whole rather than one at a time.
     */
    private Row readRow() throws IOException {
        raw.setLength(0);
        rawFrom = position;
        long startLine = line;
        int c = read();
        if (c < 0) {
            return null;
        }
        Row row = new Row();
        row.line = startLine;
        while (true) {
            String value;
            if (c == '"') {
                long opened = line;
                cell.setLength(0);
                while (true) {
                    int from = position;
                    int i = from;
                    while (i < limit && buffer[i] != '"') {
                        if (buffer[i] == '\n') {
                            line++;
                        }
                        i++;
                    }
                    cell.append(buffer, from, i - from);
                    position = i;
                    if (i == limit) {
                        if (!fill()) {
                            return broken(row, "A quoted value opened on line " + opened + " is never closed.", -1);
                        }
                        continue;
                    }
                    position++;
                    c = read();
                    if (c != '"') {
                        break;
                    }
                    cell.append('"');
                }
                if (c >= 0 && c != ',' && c != '\r' && c != '\n') {
                    return broken(
                            row,
                            "Line " + line
                                    + " has characters after a closing quote; double a quote inside a quoted value.",
                            c);
                }
                value = cell.toString();
            } else if (c < 0 || c == ',' || c == '\r' || c == '\n') {
                value = null;
            } else {
                cell.setLength(0);
                int from = position - 1;
                while (true) {
                    int i = position;
                    char found = 0;
                    while (i < limit && (found = buffer[i]) != ',' && found != '\r' && found != '\n' && found != '"') {
                        i++;
                    }
                    if (i == limit) {
                        cell.append(buffer, from, i - from);
                        position = i;
                        if (!fill()) {
                            c = -1;
                            break;
                        }
                        from = 0;
                        continue;
                    }
                    position = i + 1;
                    if (found == '"') {
                        return broken(
                                row,
                                "Line " + line
                                        + " has a quote inside an unquoted value; quote the whole value and double the quote.",
                                found);
                    }
                    if (found == '\n') {
                        line++;
                    }
                    cell.append(buffer, from, i - from);
                    c = found;
                    break;
                }
                value = cell.toString();
            }
            row.cells.add(value);
            if (c == ',') {
                c = read();
                continue;
            }
            if (c == '\r' && peek() == '\n') {
                read();
            }
            keepRaw();
            return row;
        }
    }

    private Row broken(Row row, String problem, int c) throws IOException {
        while (c >= 0 && c != '\n') {
            c = read();
        }
        row.problem = problem;
        keepRaw();
        row.raw = raw.toString();
        return row;
    }

    private int read() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        char c = buffer[position++];
        if (c == '\n') {
            line++;
        }
        return c;
    }

    private int peek() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position];
    }

    /** Adds what the row has read of the buffer to {@code raw}. */
    private void keepRaw() {
        int room = ParsedRecord.RAW_KEPT - raw.length();
        if (room > 0) {
            raw.append(buffer, rawFrom, Math.min(room, position - rawFrom));
        }
        rawFrom = position;
    }

    private boolean fill() throws IOException {
        keepRaw();
        int n;
        do {
            n = text.read(buffer, 0, buffer.length);
        } while (n == 0);
        if (n < 0) {
            return false;
        }
        position = 0;
        limit = n;
        rawFrom = 0;
        return true;
    }
}
