package io.tributary.governance.core.pii;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Splits column names such as {@code customerFirstName}, {@code DATE_OF_BIRTH} or {@code birth-date} into words. */
final class ColumnNames {

    private ColumnNames() {}

    static List<String> words(String column) {
        List<String> words = new ArrayList<>();
        if (column == null || column.length() > PiiDetector.MAX_LENGTH) {
            return words;
        }
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < column.length(); i++) {
            char c = column.charAt(i);
            if (!Character.isLetterOrDigit(c)) {
                flush(word, words);
                continue;
            }
            // a capital after a lower-case letter starts a word: firstName, BirthDate
            if (Character.isUpperCase(c) && i > 0 && Character.isLowerCase(column.charAt(i - 1))) {
                flush(word, words);
            }
            word.append(c);
        }
        flush(word, words);
        return words;
    }

    /** Whether {@code words} holds {@code sequence} as consecutive words. */
    static boolean containsRun(List<String> words, String... sequence) {
        for (int i = 0; i + sequence.length <= words.size(); i++) {
            boolean all = true;
            for (int j = 0; j < sequence.length && all; j++) {
                all = words.get(i + j).equals(sequence[j]);
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    private static void flush(StringBuilder word, List<String> words) {
        if (word.length() > 0) {
            words.add(word.toString().toLowerCase(Locale.ROOT));
            word.setLength(0);
        }
    }
}
