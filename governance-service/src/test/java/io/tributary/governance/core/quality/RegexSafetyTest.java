package io.tributary.governance.core.quality;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RegexSafetyTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "^[A-Z]{2}$",
                "^[^@]+@[^@]+\\.[a-z]+$",
                "(ab)+",
                "(a|b)*",
                "^\\d{3}-\\d{4}$",
                "(?i)^yes|no$",
                "(?:foo|bar)+baz",
                "[(a+)+]",
                "\\(a+\\)+",
                "a{2}(bc){3}",
                "(?<year>\\d{4})-\\d{2}"
            })
    void safePatternsPass(String pattern) {
        assertThat(RegexSafety.problem(pattern)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(
            delimiterString = " => ",
            quoteCharacter = '`',
            value = {
                "(a+)+ => holds a repetition itself",
                "(a*)* => holds a repetition itself",
                "^(\\w+\\s?)*$ => holds a repetition itself",
                "((ab)+c)+ => holds a repetition itself",
                "(a{1,3}){2,} => holds a repetition itself",
                "(a|a)* => can start with the same character",
                "(a|ab)+ => can start with the same character",
                "(.|x)* => can start with the same character",
                "(a|)* => can start with the same character",
                "(a)\\1 => backreference",
                "(?<x>a)\\k<x> => named backreference",
                "foo(?=bar) => lookaround",
                "(?<!x)y => lookaround",
                "(?>a+)b => atomic group",
                "a*+b => possessive quantifier",
                "[a- => does not compile",
                "(unclosed => does not compile"
            })
    void dangerousOrBrokenPatternsAreRefusedWithTheReason(String pattern, String reason) {
        assertThat(RegexSafety.problem(pattern))
                .hasValueSatisfying(p -> assertThat(p).contains(reason));
    }

    @org.junit.jupiter.api.Test
    void anOverlongPatternIsRefused() {
        assertThat(RegexSafety.problem("a".repeat(RegexSafety.MAX_LENGTH + 1)))
                .hasValueSatisfying(p -> assertThat(p).contains("longer than"));
    }
}
