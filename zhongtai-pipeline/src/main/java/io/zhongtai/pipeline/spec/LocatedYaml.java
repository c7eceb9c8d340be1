package io.zhongtai.pipeline.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.zhongtai.core.ZhongtaiException;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * A YAML document as a Jackson tree plus where each of its values starts, so that every later check can say
 * {@code file:line:column}. Jackson's tree model drops locations; this reads the text a second time as a token
 * stream and records the location of each value under its JSON pointer.
 */
public final class LocatedYaml {
    private static final YAMLFactory YAML = new YAMLFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper(YAML);

    private final String file;
    private final JsonNode root;
    private final Map<String, Position> positions;

    /** A 1-based line and column in the file. */
    public record Position(int line, int column) {
        @Override
        public String toString() {
            return line + ":" + column;
        }
    }

    private LocatedYaml(String file, JsonNode root, Map<String, Position> positions) {
        this.file = file;
        this.root = root;
        this.positions = positions;
    }

    /** Parses {@code text}; a syntax error is INVALID_INPUT naming {@code file:line:column}. */
    public static LocatedYaml parse(String file, String text) {
        requireNonNull(file, "file is null");
        requireNonNull(text, "text is null");
        try {
            JsonNode root = MAPPER.readTree(text);
            Map<String, Position> positions = new HashMap<>();
            try (JsonParser p = YAML.createParser(text)) {
                collect(p, positions);
            }
            return new LocatedYaml(file, root == null ? MAPPER.createObjectNode() : root, positions);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? file : file + ":" + at.getLineNr() + ":" + at.getColumnNr();
            throw ZhongtaiException.invalid("%s: not valid YAML: %s", where, firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ZhongtaiException(ZhongtaiException.Kind.INTERNAL, "Cannot read " + file + ": " + e.getMessage(), null, e);
        }
    }

    /** Stands for an object on the path stack; the field names inside it are pushed above it. */
    private static final Object OBJECT = new Object();

    /** Walks the token stream keeping the JSON pointer of the current value. */
    private static void collect(JsonParser p, Map<String, Position> out) throws IOException {
        Deque<Object> path = new ArrayDeque<>(); // OBJECT markers, field names (String) and array indexes (int[1])
        JsonToken token;
        while ((token = p.nextToken()) != null) {
            if (token == JsonToken.FIELD_NAME) {
                path.push(p.currentName());
                continue;
            }
            if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                path.pop();
                finishValue(path);
                continue;
            }
            if (!path.isEmpty() && path.peek() instanceof int[] index) {
                index[0]++;
            }
            out.putIfAbsent(pointer(path), position(p.currentTokenLocation()));
            if (token == JsonToken.START_OBJECT) {
                path.push(OBJECT);
            } else if (token == JsonToken.START_ARRAY) {
                path.push(new int[]{-1});
            } else {
                finishValue(path);
            }
        }
    }

    /** After a value: a field name it belonged to is done. */
    private static void finishValue(Deque<Object> path) {
        if (!path.isEmpty() && path.peek() instanceof String) {
            path.pop();
        }
    }

    private static String pointer(Deque<Object> path) {
        StringBuilder b = new StringBuilder();
        var it = path.descendingIterator();
        while (it.hasNext()) {
            Object part = it.next();
            if (part instanceof String name) {
                b.append('/').append(name.replace("~", "~0").replace("/", "~1"));
            } else if (part instanceof int[] index) {
                b.append('/').append(index[0]);
            }
        }
        return b.toString();
    }

    private static Position position(JsonLocation at) {
        return new Position(at.getLineNr(), at.getColumnNr());
    }

    private static String firstLine(String message) {
        String m = String.valueOf(message).strip();
        int newline = m.indexOf('\n');
        return newline < 0 ? m : m.substring(0, newline);
    }

    public String file() {
        return file;
    }

    public JsonNode root() {
        return root;
    }

    /** Where the value at {@code pointer} starts, else where its nearest enclosing value starts. */
    public Position at(JsonPointer pointer) {
        JsonPointer p = pointer;
        while (p != null) {
            Position found = positions.get(p.toString());
            if (found != null) {
                return found;
            }
            p = p.head();
        }
        return new Position(1, 1);
    }

    /** {@code file:line:column} of the value at {@code pointer}. */
    public String where(JsonPointer pointer) {
        return file + ":" + at(pointer);
    }
}
