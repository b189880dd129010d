package io.tributary.governance.core.quality;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Whether a rule's pattern may run on every row of a table. It must compile, and it must not backtrack
 * catastrophically: no backreferences, no repeated group that itself repeats ({@code (a+)+}, {@code (a*)*}), no
 * repeated alternation whose branches can start alike ({@code (a|ab)*}). Constructs DuckDB's RE2 lacks (lookaround,
 * atomic groups, possessive quantifiers) are refused too, so the pattern means the same on both engines.
 */
public final class RegexSafety {

    public static final int MAX_LENGTH = 1000;

    /** Marks "may start with any character" in a first-character set. */
    private static final Set<Character> ANY = Set.of();

    private RegexSafety() {}

    /** @return why the pattern is refused, or empty when it is safe */
    public static Optional<String> problem(String pattern) {
        if (pattern.isEmpty()) {
            return Optional.of("must not be empty");
        }
        if (pattern.length() > MAX_LENGTH) {
            return Optional.of("is longer than " + MAX_LENGTH + " characters");
        }
        try {
            Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            return Optional.of("does not compile: " + e.getDescription() + " near index " + e.getIndex());
        }
        try {
            new Scanner(pattern).scan();
            return Optional.empty();
        } catch (Refused e) {
            return Optional.of(e.getMessage());
        }
    }

    private static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** One open group: whether something inside it repeats, and the first characters of each alternative. */
    private static final class Frame {
        final int start;
        boolean repeatsInside;
        final java.util.List<Set<Character>> alternatives = new java.util.ArrayList<>();
        Set<Character> currentFirst;

        Frame(int start) {
            this.start = start;
        }

        void atom(Set<Character> first) {
            if (currentFirst == null) {
                currentFirst = first;
            }
        }

        void endAlternative() {
            alternatives.add(currentFirst == null ? ANY : currentFirst);
            currentFirst = null;
        }

        boolean alternativesOverlap() {
            if (alternatives.size() < 2) {
                return false;
            }
            Set<Character> seen = new HashSet<>();
            for (Set<Character> first : alternatives) {
                if (first == ANY) {
                    return true;
                }
                for (Character c : first) {
                    if (!seen.add(c)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /** The last thing a quantifier may apply to. */
    private record Atom(boolean group, boolean repeatsInside, boolean overlappingAlternatives, String text) {}

    private static final class Scanner {
        private final String p;
        private int i;
        private final Deque<Frame> frames = new ArrayDeque<>();
        private Atom last;

        Scanner(String pattern) {
            this.p = pattern;
        }

        void scan() {
            frames.push(new Frame(0));
            while (i < p.length()) {
                char c = p.charAt(i);
                switch (c) {
                    case '\\' -> escape();
                    case '[' -> charClass();
                    case '(' -> open();
                    case ')' -> close();
                    case '|' -> {
                        frames.peek().endAlternative();
                        last = null;
                        i++;
                    }
                    case '*', '+', '?', '{' -> quantifier();
                    case '^', '$' -> {
                        last = null;
                        i++;
                    }
                    case '.' -> literal(ANY, i, i + 1);
                    default -> literal(Set.of(c), i, i + 1);
                }
            }
        }

        private void literal(Set<Character> first, int from, int to) {
            frames.peek().atom(first);
            last = new Atom(false, false, false, p.substring(from, to));
            i = to;
        }

        private void escape() {
            int from = i;
            char next = i + 1 < p.length() ? p.charAt(i + 1) : '\\';
            if (next >= '1' && next <= '9') {
                throw new Refused("uses a backreference (\\" + next + " at index " + from
                        + "), which forces backtracking; match the value without referring to an earlier group");
            }
            if (next == 'k' && i + 2 < p.length() && p.charAt(i + 2) == '<') {
                throw new Refused("uses a named backreference (\\k<...> at index " + from
                        + "), which forces backtracking; match the value without referring to an earlier group");
            }
            if (next == 'Q') {
                int end = p.indexOf("\\E", i + 2);
                int to = end < 0 ? p.length() : end + 2;
                literal(ANY, from, to);
                return;
            }
            int to = i + 2;
            if ((next == 'p' || next == 'P' || next == 'x') && to < p.length() && p.charAt(to) == '{') {
                int brace = p.indexOf('}', to);
                to = brace < 0 ? p.length() : brace + 1;
            }
            literal(Character.isLetterOrDigit(next) ? ANY : Set.of(next), from, to);
        }

        private void charClass() {
            int from = i;
            int j = i + 1;
            if (j < p.length() && p.charAt(j) == '^') {
                j++;
            }
            if (j < p.length() && p.charAt(j) == ']') {
                j++;
            }
            int depth = 1;
            while (j < p.length() && depth > 0) {
                char c = p.charAt(j);
                if (c == '\\') {
                    j += 2;
                    continue;
                }
                if (c == '[') {
                    depth++;
                } else if (c == ']') {
                    depth--;
                }
                j++;
            }
            literal(ANY, from, j);
        }

        private void open() {
            int from = i;
            if (p.startsWith("(?=", i)
                    || p.startsWith("(?!", i)
                    || p.startsWith("(?<=", i)
                    || p.startsWith("(?<!", i)) {
                throw new Refused("uses a lookaround at index " + from
                        + ", which DuckDB's regular expressions (RE2) do not support");
            }
            if (p.startsWith("(?>", i)) {
                throw new Refused("uses an atomic group at index " + from
                        + ", which DuckDB's regular expressions (RE2) do not support");
            }
            if (p.startsWith("(?", i)
                    && !p.startsWith("(?:", i)
                    && !p.startsWith("(?<", i)
                    && !p.startsWith("(?P<", i)) {
                // Inline flags: (?i) changes matching and opens no group; (?i:...) opens one.
                int j = i + 2;
                while (j < p.length() && Character.isLetter(p.charAt(j)) || j < p.length() && p.charAt(j) == '-') {
                    j++;
                }
                if (j < p.length() && p.charAt(j) == ')') {
                    i = j + 1;
                    last = null;
                    return;
                }
                i = j + 1;
            } else if (p.startsWith("(?:", i)) {
                i += 3;
            } else if (p.startsWith("(?<", i) || p.startsWith("(?P<", i)) {
                i = p.indexOf('>', i) + 1;
            } else {
                i++;
            }
            frames.push(new Frame(from));
            last = null;
        }

        private void close() {
            Frame frame = frames.pop();
            frame.endAlternative();
            Frame parent = frames.peek();
            parent.repeatsInside |= frame.repeatsInside;
            Set<Character> first = new HashSet<>();
            boolean any = false;
            for (Set<Character> alternative : frame.alternatives) {
                if (alternative == ANY) {
                    any = true;
                }
                first.addAll(alternative);
            }
            parent.atom(any ? ANY : Set.copyOf(first));
            i++;
            last = new Atom(true, frame.repeatsInside, frame.alternativesOverlap(), p.substring(frame.start, i));
        }

        private void quantifier() {
            int from = i;
            char c = p.charAt(i);
            boolean repeats;
            if (c == '{') {
                int end = p.indexOf('}', i);
                String body = end < 0 ? "" : p.substring(i + 1, end);
                if (!body.matches("\\d+(,\\d*)?")) {
                    // Java reads a '{' that starts no count as a literal.
                    literal(Set.of('{'), i, i + 1);
                    return;
                }
                int comma = body.indexOf(',');
                if (comma < 0) {
                    repeats = false;
                } else if (comma == body.length() - 1) {
                    repeats = true;
                } else {
                    repeats = Long.parseLong(body.substring(comma + 1)) > Long.parseLong(body.substring(0, comma));
                }
                i = end + 1;
            } else {
                repeats = c != '?';
                i++;
            }
            if (i < p.length() && p.charAt(i) == '+') {
                throw new Refused("uses a possessive quantifier at index " + i
                        + ", which DuckDB's regular expressions (RE2) do not support");
            }
            if (i < p.length() && p.charAt(i) == '?') {
                i++;
            }
            if (repeats && last != null && last.group()) {
                if (last.repeatsInside()) {
                    throw new Refused("is prone to catastrophic backtracking: the group " + last.text()
                            + " repeats (quantifier at index " + from + ") and holds a repetition itself, like (a+)+"
                            + " or (a*)*, so a value that almost matches takes exponential time; repeat the inner part"
                            + " once instead, for example a+ rather than (a+)+");
                }
                if (last.overlappingAlternatives()) {
                    throw new Refused("is prone to catastrophic backtracking: the group " + last.text()
                            + " repeats (quantifier at index " + from + ") and its alternatives can start with the"
                            + " same character, like (a|ab)*, so a value that almost matches takes exponential time;"
                            + " make the alternatives start differently or use a character class such as [ab]*");
                }
            }
            if (repeats) {
                frames.peek().repeatsInside = true;
            }
            last = null;
        }
    }
}
