package io.tributary.governance.core.pii;

import java.util.List;
import java.util.Set;

/**
 * People's names, by column name only: {@code first_name}, {@code lastName}, {@code given_name},
 * {@code family_name}, {@code full_name}, {@code surname}, {@code customer_name}, {@code contact_name} and their
 * one-word and German forms. Values cannot tell a person's name from a product's or a city's, and a bare
 * {@code name} is as often a table's or a file's, so neither counts.
 */
public final class PersonNameDetector implements PiiDetector {

    private static final Set<String> ONE_WORD = Set.of(
            "firstname",
            "lastname",
            "givenname",
            "familyname",
            "fullname",
            "surname",
            "middlename",
            "maidenname",
            "customername",
            "contactname",
            "forename",
            "vorname",
            "nachname",
            "familienname");
    private static final Set<String> BEFORE_NAME =
            Set.of("first", "last", "given", "family", "full", "middle", "maiden", "customer", "contact", "fore");

    @Override
    public String tag() {
        return "pii.name";
    }

    @Override
    public Evidence evidence() {
        return Evidence.COLUMN_NAME;
    }

    @Override
    public boolean matches(String value) {
        return false;
    }

    @Override
    public boolean matchesColumnName(String column) {
        List<String> words = ColumnNames.words(column);
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (ONE_WORD.contains(word)) {
                return true;
            }
            if (word.equals("name") && i > 0 && BEFORE_NAME.contains(words.get(i - 1))) {
                return true;
            }
        }
        return false;
    }
}
