package io.zhongtai.connector.json;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Message headers as the text of a JSON column. */
public final class JsonHeaders {
    private JsonHeaders() {
    }

    /**
     * A JSON object of the headers in their order: numbers and booleans stay JSON values, byte arrays become UTF-8
     * text, null stays null and anything else becomes its text.
     */
    public static String toJson(Map<String, ?> headers) {
        JsonStringEncoder encoder = JsonStringEncoder.getInstance();
        StringBuilder json = new StringBuilder("{");
        headers.forEach((name, value) -> {
            json.append(json.length() == 1 ? "\"" : ",\"").append(encoder.quoteAsString(name)).append("\":");
            if (value == null) {
                json.append("null");
            } else if (value instanceof Number || value instanceof Boolean) {
                json.append(value);
            } else {
                String text = value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : value.toString();
                json.append('"').append(encoder.quoteAsString(text)).append('"');
            }
        });
        return json.append('}').toString();
    }
}
