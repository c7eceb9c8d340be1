package io.zhongtai.server.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.zhongtai.core.ZhongtaiException;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RFC 9457 problem details: {@code {"type","title","status","detail","instance"}} plus
 * {@code "position": {"line","column","offset"}} for errors located in a SQL text.
 */
public final class Problems {
    public static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

    private Problems() {
    }

    public static Map<String, Object> body(int status, String detail, String instance, ZhongtaiException.SqlPosition position) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        HttpStatus known = HttpStatus.resolve(status);
        body.put("title", known == null ? "Error " + status : known.getReasonPhrase());
        body.put("status", status);
        body.put("detail", detail);
        body.put("instance", instance);
        if (position != null) {
            Map<String, Object> at = new LinkedHashMap<>();
            at.put("line", position.line());
            at.put("column", position.column());
            at.put("offset", position.offset());
            body.put("position", at);
        }
        return body;
    }

    public static ResponseEntity<Object> entity(int status, String detail, String instance, ZhongtaiException.SqlPosition position,
                                                HttpHeaders headers) {
        HttpHeaders h = new HttpHeaders();
        if (headers != null) {
            h.addAll(headers);
        }
        h.setContentType(PROBLEM_JSON);
        return ResponseEntity.status(status).headers(h).body(body(status, detail, instance, position));
    }

    /** Writes a problem straight to the servlet response, for filters running before Spring MVC. */
    public static void write(HttpServletResponse response, ObjectMapper mapper, int status, String detail, String instance)
            throws IOException {
        response.setStatus(status);
        response.setContentType(PROBLEM_JSON.toString());
        response.setCharacterEncoding("UTF-8");
        mapper.writeValue(response.getOutputStream(), body(status, detail, instance, null));
    }
}
