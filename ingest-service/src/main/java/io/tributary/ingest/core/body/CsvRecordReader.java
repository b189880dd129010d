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
    private final char[] buffer = new char[16 * 1024];
    private int position;
    private int limit;
    private long line = 1;
    private long index;
    private final List<String> header;
    private final StringBuilder raw = new StringBuilder();

    CsvRecordReader(InputStream body, Schema schema) throws IOException {
        this.text = new Utf8Reader(body);
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
        this.header = first.cells;
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
                    row.raw);
        }
        ObjectNode record = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < header.size(); i++) {
            String cell = row.cells.get(i);
            if (cell.isEmpty() && !row.quoted.get(i)) {
                record.putNull(header.get(i));
            } else {
                record.put(header.get(i), cell);
            }
        }
        return ParsedRecord.of(recordIndex, row.line, record, ValueForm.TEXT);
    }

    private static final class Row {
        final List<String> cells = new ArrayList<>();
        final List<Boolean> quoted = new ArrayList<>();
        long line;
        String problem;
        String raw;

        boolean blank() {
            return problem == null && cells.size() == 1 && cells.get(0).isEmpty() && !quoted.get(0);
        }
    }

    /** One row, or null at the end of the body. After a quoting error it skips to the end of the line. */
    private Row readRow() throws IOException {
        raw.setLength(0);
        long startLine = line;
        int c = read();
        if (c < 0) {
            return null;
        }
        Row row = new Row();
        row.line = startLine;
        StringBuilder cell = new StringBuilder();
        while (true) {
            cell.setLength(0);
            boolean quoted = c == '"';
            if (quoted) {
                long opened = line;
                while (true) {
                    c = read();
                    if (c < 0) {
                        return broken(row, "A quoted value opened on line " + opened + " is never closed.", c);
                    }
                    if (c == '"') {
                        c = read();
                        if (c != '"') {
                            break;
                        }
                    }
                    cell.append((char) c);
                }
                if (c >= 0 && c != ',' && c != '\r' && c != '\n') {
                    return broken(
                            row,
                            "Line " + line
                                    + " has characters after a closing quote; double a quote inside a quoted value.",
                            c);
                }
            } else {
                while (c >= 0 && c != ',' && c != '\r' && c != '\n') {
                    if (c == '"') {
                        return broken(
                                row,
                                "Line " + line
                                        + " has a quote inside an unquoted value; quote the whole value and double the quote.",
                                c);
                    }
                    cell.append((char) c);
                    c = read();
                }
            }
            row.cells.add(cell.toString());
            row.quoted.add(quoted);
            if (c == ',') {
                c = read();
                continue;
            }
            if (c == '\r' && peek() == '\n') {
                read();
            }
            row.raw = raw.toString();
            return row;
        }
    }

    private Row broken(Row row, String problem, int c) throws IOException {
        while (c >= 0 && c != '\n') {
            c = read();
        }
        row.problem = problem;
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
        if (raw.length() < ParsedRecord.RAW_KEPT) {
            raw.append(c);
        }
        return c;
    }

    private int peek() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position];
    }

    private boolean fill() throws IOException {
        int n;
        do {
            n = text.read(buffer, 0, buffer.length);
        } while (n == 0);
        if (n < 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }
}
