package io.tributary.governance.core.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses the safe SQL expression subset of row filters and mask expressions. It only builds the tree and refuses
 * what is never allowed (subqueries, comments, statements, qualified names, over-long or over-deep input);
 * {@link ExprChecker} then checks columns and functions against the table.
 */
public final class ExprParser {

    public static final int MAX_LENGTH = 4096;
    public static final int MAX_DEPTH = 64;

    private static final Set<String> KEYWORDS = Set.of(
            "and",
            "or",
            "not",
            "in",
            "is",
            "null",
            "like",
            "between",
            "case",
            "when",
            "then",
            "else",
            "end",
            "true",
            "false",
            "current_user",
            "current_date",
            "select",
            "from",
            "with",
            "exists",
            "escape");

    private enum Kind {
        IDENT,
        QUOTED_IDENT,
        STRING,
        NUMBER,
        OPERATOR,
        END
    }

    private record Token(Kind kind, String text, int position) {
        boolean is(String keyword) {
            return kind == Kind.IDENT && text.equalsIgnoreCase(keyword);
        }

        boolean isOperator(String operator) {
            return kind == Kind.OPERATOR && text.equals(operator);
        }
    }

    private final String source;
    private final boolean maskContext;
    private final List<Token> tokens;
    private int index;
    private int depth;

    private ExprParser(String source, boolean maskContext) {
        this.source = source;
        this.maskContext = maskContext;
        this.tokens = tokenize(source);
    }

    /** A row filter predicate. */
    public static Expr parsePredicate(String text) {
        return parse(text, false);
    }

    /** A mask expression, where the identifier {@code value} stands for the masked column's value. */
    public static Expr parseMask(String text) {
        return parse(text, true);
    }

    private static Expr parse(String text, boolean maskContext) {
        if (text == null || text.isBlank()) {
            throw new ExprException("the expression is empty", 0);
        }
        if (text.length() > MAX_LENGTH) {
            throw new ExprException("the expression is longer than " + MAX_LENGTH + " characters", MAX_LENGTH);
        }
        ExprParser parser = new ExprParser(text, maskContext);
        Expr expr = parser.expression();
        Token rest = parser.peek();
        if (rest.kind() != Kind.END) {
            throw new ExprException("unexpected '" + rest.text() + "'", rest.position());
        }
        return expr;
    }

    // --- tokens ---------------------------------------------------------------------------------------------

    private static List<Token> tokenize(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-'
                    || c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                throw new ExprException("comments are not allowed", i);
            } else if (c == ';') {
                throw new ExprException("';' is not allowed: an expression is not a statement", i);
            } else if (c == '\'') {
                int start = i++;
                StringBuilder text = new StringBuilder();
                while (true) {
                    if (i >= n) {
                        throw new ExprException("unterminated string literal", start);
                    }
                    char d = s.charAt(i++);
                    if (d == '\'') {
                        if (i < n && s.charAt(i) == '\'') {
                            text.append('\'');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        text.append(d);
                    }
                }
                out.add(new Token(Kind.STRING, text.toString(), start));
            } else if (c == '"') {
                int start = i++;
                StringBuilder text = new StringBuilder();
                while (true) {
                    if (i >= n) {
                        throw new ExprException("unterminated quoted identifier", start);
                    }
                    char d = s.charAt(i++);
                    if (d == '"') {
                        if (i < n && s.charAt(i) == '"') {
                            text.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        text.append(d);
                    }
                }
                if (text.isEmpty()) {
                    throw new ExprException("empty quoted identifier", start);
                }
                out.add(new Token(Kind.QUOTED_IDENT, text.toString(), start));
            } else if (Character.isDigit(c) || c == '.' && i + 1 < n && Character.isDigit(s.charAt(i + 1))) {
                int start = i;
                boolean dot = false;
                while (i < n && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.' && !dot)) {
                    dot |= s.charAt(i) == '.';
                    i++;
                }
                if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
                    i++;
                    if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                        i++;
                    }
                    if (i >= n || !Character.isDigit(s.charAt(i))) {
                        throw new ExprException("malformed number", start);
                    }
                    int digits = i;
                    while (i < n && Character.isDigit(s.charAt(i))) {
                        i++;
                    }
                    // Both engines parse such a literal as a DOUBLE; an exponent past 308 is no number at all.
                    if (i - digits > 3 || Integer.parseInt(s.substring(digits, i)) > 308) {
                        throw new ExprException("number out of range", start);
                    }
                }
                if (i - start > 40) {
                    throw new ExprException("number literal is too long", start);
                }
                if (i < n && (Character.isLetter(s.charAt(i)) || s.charAt(i) == '_')) {
                    throw new ExprException("malformed number", start);
                }
                out.add(new Token(Kind.NUMBER, s.substring(start, i), start));
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                    i++;
                }
                out.add(new Token(Kind.IDENT, s.substring(start, i), start));
            } else {
                String two = i + 1 < n ? s.substring(i, i + 2) : "";
                if (two.equals("<>") || two.equals("!=") || two.equals("<=") || two.equals(">=") || two.equals("||")) {
                    out.add(new Token(Kind.OPERATOR, two, i));
                    i += 2;
                } else if ("=<>+-*/%(),".indexOf(c) >= 0) {
                    out.add(new Token(Kind.OPERATOR, String.valueOf(c), i));
                    i++;
                } else if (c == '.') {
                    throw new ExprException("qualified names are not allowed; name the column alone", i);
                } else {
                    throw new ExprException("unexpected character '" + printable(c) + "'", i);
                }
            }
        }
        out.add(new Token(Kind.END, "end of input", n));
        return out;
    }

    private static String printable(char c) {
        return Character.isISOControl(c) || Character.isWhitespace(c)
                ? String.format("\\u%04x", (int) c)
                : String.valueOf(c);
    }

    private Token peek() {
        return tokens.get(index);
    }

    private Token next() {
        return tokens.get(index++);
    }

    private boolean acceptKeyword(String keyword) {
        if (peek().is(keyword)) {
            index++;
            return true;
        }
        return false;
    }

    private boolean acceptOperator(String operator) {
        if (peek().isOperator(operator)) {
            index++;
            return true;
        }
        return false;
    }

    private void expectKeyword(String keyword) {
        Token t = next();
        if (!t.is(keyword)) {
            throw new ExprException(
                    "expected " + keyword.toUpperCase(Locale.ROOT) + " but found '" + t.text() + "'", t.position());
        }
    }

    private void expectOperator(String operator) {
        Token t = next();
        if (!t.isOperator(operator)) {
            throw new ExprException("expected '" + operator + "' but found '" + t.text() + "'", t.position());
        }
    }

    private void enter(int position) {
        if (++depth > MAX_DEPTH) {
            throw new ExprException("the expression is nested deeper than " + MAX_DEPTH + " levels", position);
        }
    }

    // --- grammar, lowest precedence first --------------------------------------------------------------------

    private Expr expression() {
        enter(peek().position());
        try {
            return or();
        } finally {
            depth--;
        }
    }

    private Expr or() {
        Expr left = and();
        while (peek().is("or")) {
            int pos = next().position();
            left = new Expr.Binary("OR", left, and(), pos);
        }
        return left;
    }

    private Expr and() {
        Expr left = not();
        while (peek().is("and")) {
            int pos = next().position();
            left = new Expr.Binary("AND", left, not(), pos);
        }
        return left;
    }

    private Expr not() {
        if (peek().is("not")) {
            int pos = next().position();
            enter(pos);
            try {
                return new Expr.Unary("NOT", not(), pos);
            } finally {
                depth--;
            }
        }
        return comparison();
    }

    private Expr comparison() {
        Expr left = additive();
        Token t = peek();
        if (t.kind() == Kind.OPERATOR
                && Set.of("=", "<>", "!=", "<", "<=", ">", ">=").contains(t.text())) {
            next();
            String op = t.text().equals("!=") ? "<>" : t.text();
            return new Expr.Binary(op, left, additive(), t.position());
        }
        if (t.is("is")) {
            next();
            boolean negated = acceptKeyword("not");
            expectKeyword("null");
            return new Expr.IsNull(left, negated, t.position());
        }
        boolean negated = false;
        if (t.is("not")) {
            Token after = tokens.get(index + 1);
            if (after.is("in") || after.is("like") || after.is("between")) {
                next();
                negated = true;
                t = peek();
            }
        }
        if (t.is("in")) {
            next();
            expectOperator("(");
            if (peek().is("select") || peek().is("with")) {
                throw new ExprException("subqueries are not allowed", peek().position());
            }
            List<Expr> items = new ArrayList<>();
            do {
                items.add(expression());
                if (items.size() > 1000) {
                    throw new ExprException("an IN list may hold at most 1000 values", peek().position());
                }
            } while (acceptOperator(","));
            expectOperator(")");
            return new Expr.InList(left, items, negated, t.position());
        }
        if (t.is("like")) {
            next();
            Expr pattern = additive();
            if (peek().is("escape")) {
                throw new ExprException("LIKE ... ESCAPE is not supported", peek().position());
            }
            return new Expr.Like(left, pattern, negated, t.position());
        }
        if (t.is("between")) {
            next();
            Expr low = additive();
            expectKeyword("and");
            Expr high = additive();
            return new Expr.Between(left, low, high, negated, t.position());
        }
        if (negated) {
            throw new ExprException("expected IN, LIKE or BETWEEN after NOT", t.position());
        }
        return left;
    }

    private Expr additive() {
        Expr left = multiplicative();
        while (peek().isOperator("+") || peek().isOperator("-") || peek().isOperator("||")) {
            Token op = next();
            left = new Expr.Binary(op.text(), left, multiplicative(), op.position());
        }
        return left;
    }

    private Expr multiplicative() {
        Expr left = unary();
        while (peek().isOperator("*") || peek().isOperator("/") || peek().isOperator("%")) {
            Token op = next();
            left = new Expr.Binary(op.text(), left, unary(), op.position());
        }
        return left;
    }

    private Expr unary() {
        if (peek().isOperator("-") || peek().isOperator("+")) {
            Token op = next();
            enter(op.position());
            try {
                Expr operand = unary();
                return op.text().equals("+") ? operand : new Expr.Unary("-", operand, op.position());
            } finally {
                depth--;
            }
        }
        return primary();
    }

    private Expr primary() {
        Token t = next();
        switch (t.kind()) {
            case STRING:
                return new Expr.Literal(Expr.LiteralType.STRING, t.text(), t.position());
            case NUMBER:
                return new Expr.Literal(Expr.LiteralType.NUMBER, t.text(), t.position());
            case QUOTED_IDENT:
                return new Expr.Column(t.text(), t.position());
            case OPERATOR:
                if (t.text().equals("(")) {
                    if (peek().is("select") || peek().is("with")) {
                        throw new ExprException("subqueries are not allowed", peek().position());
                    }
                    Expr inner = expression();
                    expectOperator(")");
                    return inner;
                }
                throw new ExprException("unexpected '" + t.text() + "'", t.position());
            case END:
                throw new ExprException("the expression ends too early", t.position());
            default:
                return identifier(t);
        }
    }

    private Expr identifier(Token t) {
        String word = t.text().toLowerCase(Locale.ROOT);
        switch (word) {
            case "null":
                return new Expr.Literal(Expr.LiteralType.NULL, null, t.position());
            case "true":
            case "false":
                return new Expr.Literal(Expr.LiteralType.BOOLEAN, word, t.position());
            case "current_user":
                return new Expr.CurrentUser(t.position());
            case "current_date":
                return new Expr.CurrentDate(t.position());
            case "case":
                return caseExpression(t.position());
            case "select":
            case "with":
            case "exists":
                throw new ExprException("subqueries are not allowed", t.position());
            default:
                break;
        }
        if (peek().isOperator("(")) {
            next();
            List<Expr> arguments = new ArrayList<>();
            if (!peek().isOperator(")")) {
                if (peek().is("select") || peek().is("with")) {
                    throw new ExprException("subqueries are not allowed", peek().position());
                }
                if (peek().isOperator("*")) {
                    throw new ExprException("'*' is not allowed as an argument", peek().position());
                }
                if (peek().is("distinct")) {
                    throw new ExprException("aggregate functions are not allowed", peek().position());
                }
                do {
                    arguments.add(expression());
                    if (arguments.size() > 64) {
                        throw new ExprException("a function takes at most 64 arguments", peek().position());
                    }
                } while (acceptOperator(","));
            }
            expectOperator(")");
            if (peek().is("over") || peek().is("filter")) {
                throw new ExprException("window and aggregate functions are not allowed", peek().position());
            }
            return new Expr.Call(word, arguments, t.position());
        }
        if (KEYWORDS.contains(word)) {
            throw new ExprException("unexpected " + word.toUpperCase(Locale.ROOT), t.position());
        }
        if (maskContext && word.equals("value")) {
            return new Expr.MaskedValue(t.position());
        }
        return new Expr.Column(t.text(), t.position());
    }

    private Expr caseExpression(int position) {
        Expr operand = peek().is("when") ? null : expression();
        List<Expr.When> whens = new ArrayList<>();
        while (acceptKeyword("when")) {
            Expr condition = expression();
            expectKeyword("then");
            whens.add(new Expr.When(condition, expression()));
        }
        if (whens.isEmpty()) {
            throw new ExprException("CASE needs at least one WHEN", peek().position());
        }
        Expr otherwise = acceptKeyword("else") ? expression() : null;
        expectKeyword("end");
        return new Expr.Case(operand, whens, otherwise, position);
    }

    @Override
    public String toString() {
        return source;
    }
}
