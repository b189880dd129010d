package io.tributary.query.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;

/** RFC 4180 lines: fields quoted when they hold a comma, quote or line break; nested values as JSON text. */
final class Csv {

    private Csv() {}

    static String line(List<Object> values, ObjectMapper json) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            Object value = values.get(i);
            if (value == null) {
                continue;
            }
            String text;
            if (value instanceof List<?> || value instanceof Map<?, ?>) {
                try {
                    text = json.writeValueAsString(value);
                } catch (JsonProcessingException e) {
                    text = String.valueOf(value);
                }
            } else {
                text = String.valueOf(value);
            }
            if (text.isEmpty()
                    || text.indexOf(',') >= 0
                    || text.indexOf('"') >= 0
                    || text.indexOf('\n') >= 0
                    || text.indexOf('\r') >= 0) {
                line.append('"').append(text.replace("\"", "\"\"")).append('"');
            } else {
                line.append(text);
            }
        }
        return line.append("\r\n").toString();
    }
}
