package io.zhongtai.core.sql;

import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.ZhongtaiException.SqlPosition;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits SQL text into tokens, enough to find statement boundaries and to read the heads of the
 * statements the platform handles itself (DDL, INSERT, ALTER). Expressions are left to DuckDB.
 */
public final class SqlLexer {
    public enum Kind { WORD, QUOTED_IDENTIFIER, STRING, NUMBER, SYMBOL, PARAMETER }

    /** A token with its offsets in the original text ({@code end} exclusive). */
    public record Token(Kind kind, String text, int start, int end) {
        /** The identifier value: lower-cased word, or the quoted identifier without quotes. */
        public String identifier() {
            return kind == Kind.QUOTED_IDENTIFIER
                    ? text.substring(1, text.length() - 1).replace("\"\"", "\"")
                    : text.toLowerCase(Locale.ROOT);
        }

        public boolean is(String keyword) {
            return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
        }

        public boolean isSymbol(String symbol) {
            return kind == Kind.SYMBOL && text.equals(symbol);
        }

        public boolean isIdentifier() {
            return kind == Kind.WORD || kind == Kind.QUOTED_IDENTIFIER;
        }
    }

    private SqlLexer() {
    }

    public static List<Token> tokenize(String sql) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                // DuckDB ends a line comment at either line break; so must we, or a statement could hide behind \r.
                while (i < n && sql.charAt(i) != '\n' && sql.charAt(i) != '\r') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                if (end < 0) {
                    throw error(sql, i, "unterminated comment");
                }
                i = end + 2;
            } else if (c == '\'' || ((c == 'E' || c == 'e') && i + 1 < n && sql.charAt(i + 1) == '\'')) {
                int start = i;
                boolean escapes = c != '\'';
                i = skipQuoted(sql, escapes ? i + 1 : i, '\'', escapes);
                tokens.add(new Token(Kind.STRING, sql.substring(start, i), start, i));
            } else if (c == '"') {
                int start = i;
                i = skipQuoted(sql, i, '"', false);
                tokens.add(new Token(Kind.QUOTED_IDENTIFIER, sql.substring(start, i), start, i));
            } else if (c == '$' && i + 1 < n && (sql.charAt(i + 1) == '$' || Character.isLetter(sql.charAt(i + 1)))) {
                int tagEnd = sql.indexOf('$', i + 1);
                String tag = tagEnd < 0 ? "" : sql.substring(i, tagEnd + 1);
                if (tagEnd > 0 && tag.chars().skip(1).limit(tag.length() - 2L).allMatch(ch -> Character.isLetterOrDigit(ch) || ch == '_')) {
                    int close = sql.indexOf(tag, tagEnd + 1);
                    if (close < 0) {
                        throw error(sql, i, "unterminated dollar-quoted string");
                    }
                    tokens.add(new Token(Kind.STRING, sql.substring(i, close + tag.length()), i, close + tag.length()));
                    i = close + tag.length();
                } else {
                    int start = i++;
                    while (i < n && Character.isDigit(sql.charAt(i))) {
                        i++;
                    }
                    tokens.add(new Token(Kind.PARAMETER, sql.substring(start, i), start, i));
                }
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$')) {
                    i++;
                }
                tokens.add(new Token(Kind.WORD, sql.substring(start, i), start, i));
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1)))) {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '.' || sql.charAt(i) == '_')) {
                    i++;
                }
                tokens.add(new Token(Kind.NUMBER, sql.substring(start, i), start, i));
            } else {
                int start = i;
                String two = i + 1 < n ? sql.substring(i, i + 2) : "";
                i += switch (two) {
                    case "::", "=>", "<=", ">=", "<>", "!=", "||", "->" -> 2;
                    default -> 1;
                };
                tokens.add(new Token(Kind.SYMBOL, sql.substring(start, i), start, i));
            }
        }
        return tokens;
    }

    /** Returns the index after the closing quote; E'...' strings also escape with a backslash. */
    private static int skipQuoted(String sql, int i, char quote, boolean backslashEscapes) {
        int j = i + 1;
        while (j < sql.length()) {
            if (backslashEscapes && sql.charAt(j) == '\\') {
                j += 2;
                continue;
            }
            if (sql.charAt(j) == quote) {
                if (j + 1 < sql.length() && sql.charAt(j + 1) == quote) {
                    j += 2;
                    continue;
                }
                return j + 1;
            }
            j++;
        }
        throw error(sql, i, quote == '\'' ? "unterminated string literal" : "unterminated quoted identifier");
    }

    /**
     * Splits a script into statements at top-level semicolons; empty statements are dropped.
     * Each piece keeps its offset in the script so error positions can be reported in script terms.
     */
    public static List<Piece> split(String script) {
        List<Piece> pieces = new ArrayList<>();
        int start = 0;
        for (Token t : tokenize(script)) {
            if (t.isSymbol(";")) {
                addPiece(script, start, t.start(), pieces);
                start = t.end();
            }
        }
        addPiece(script, start, script.length(), pieces);
        return pieces;
    }

    private static void addPiece(String script, int start, int end, List<Piece> pieces) {
        String text = script.substring(start, end);
        if (!tokenize(text).isEmpty()) {
            pieces.add(new Piece(text, start));
        }
    }

    /** One statement of a script and where it starts. */
    public record Piece(String text, int offset) {
    }

    private static ZhongtaiException error(String sql, int offset, String what) {
        SqlPosition p = SqlPosition.of(sql, offset);
        return new ZhongtaiException(ZhongtaiException.Kind.INVALID_INPUT,
                "Syntax error at " + p + ": " + what, p, null);
    }
}
