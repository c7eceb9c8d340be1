package io.zhongtai.cli.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A strict RFC 4180 reader for tests: fails on anything that is not well-formed. */
final class Csv {

    private Csv() {
    }

    /** All records of a file, header first. Empty unquoted fields become "". */
    static List<List<String>> read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        int n = text.length();
        boolean atFieldStart = true;
        while (i < n) {
            char c = text.charAt(i);
            if (atFieldStart && c == '"') {
                i++;
                while (true) {
                    if (i >= n) {
                        throw new IllegalStateException("Unterminated quoted field in " + file);
                    }
                    char q = text.charAt(i++);
                    if (q == '"') {
                        if (i < n && text.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        field.append(q);
                    }
                }
                atFieldStart = false;
                if (i < n && text.charAt(i) != ',' && text.charAt(i) != '\r') {
                    throw new IllegalStateException("Text after closing quote at offset " + i + " in " + file);
                }
                continue;
            }
            if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
                atFieldStart = true;
                i++;
            } else if (c == '\r') {
                if (i + 1 >= n || text.charAt(i + 1) != '\n') {
                    throw new IllegalStateException("Bare CR at offset " + i + " in " + file);
                }
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
                atFieldStart = true;
                i += 2;
            } else if (c == '"' || c == '\n') {
                throw new IllegalStateException("Unexpected " + (c == '"' ? "quote" : "LF") + " at offset " + i + " in " + file);
            } else {
                field.append(c);
                atFieldStart = false;
                i++;
            }
        }
        if (!record.isEmpty() || field.length() > 0) {
            throw new IllegalStateException("Last record of " + file + " has no CRLF");
        }
        return records;
    }
}
