package io.tributary.contracts.problem;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonPointerTest {

    @Test
    void escapesTildeBeforeSlash() {
        assertThat(JsonPointer.escape("a/b")).isEqualTo("a~1b");
        assertThat(JsonPointer.escape("m~n")).isEqualTo("m~0n");
        // "~1" in a name must not come back as "/": the tilde is escaped first.
        assertThat(JsonPointer.escape("~1")).isEqualTo("~01");
        assertThat(JsonPointer.escape("plain")).isEqualTo("plain");
    }

    @Test
    void unescapeInvertsEscape() {
        for (String token : new String[] {"a/b", "m~n", "~1", "~0/~1", "", "plain"}) {
            assertThat(JsonPointer.unescape(JsonPointer.escape(token))).isEqualTo(token);
        }
        assertThat(JsonPointer.unescape("~01")).isEqualTo("~1");
    }

    @Test
    void appendsTokensAndIndexes() {
        String pointer = JsonPointer.append(JsonPointer.append("", "column-tags"), "a/b");
        assertThat(pointer).isEqualTo("/column-tags/a~1b");
        assertThat(JsonPointer.append(pointer, 3)).isEqualTo("/column-tags/a~1b/3");
        assertThat(JsonPointer.append("", "")).isEqualTo("/");
    }
}
