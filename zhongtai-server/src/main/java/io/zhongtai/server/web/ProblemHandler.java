package io.zhongtai.server.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.zhongtai.core.ZhongtaiException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;

import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;

/** Maps every exception a controller throws to problem JSON (RFC 9457). */
@RestControllerAdvice
public class ProblemHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(ZhongtaiException.class)
    public ResponseEntity<Object> zhongtai(ZhongtaiException e, HttpServletRequest request) {
        if (e.kind() == ZhongtaiException.Kind.INTERNAL) {
            LOG.error("{} {} failed: {}", request.getMethod(), request.getRequestURI(), e.getMessage(), e);
        }
        return Problems.entity(e.kind().httpStatus, e.getMessage(), request.getRequestURI(), e.position(), null);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    public ResponseEntity<Object> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        return Problems.entity(400, unreadableDetail(e), request.getRequestURI(), null, null);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    public ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        String expected = e.getRequiredType() == null ? "a valid value" : describe(e.getRequiredType());
        return Problems.entity(400, "Invalid value for parameter '" + e.getName() + "': '" + e.getValue() + "', expected " + expected,
                request.getRequestURI(), null, null);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    public ResponseEntity<Object> missingParameter(MissingServletRequestParameterException e, HttpServletRequest request) {
        return Problems.entity(400, "Missing required parameter '" + e.getParameterName() + "'", request.getRequestURI(), null, null);
    }

    @ExceptionHandler(MissingServletRequestPartException.class)
    public ResponseEntity<Object> missingPart(MissingServletRequestPartException e, HttpServletRequest request) {
        return Problems.entity(400, "Missing multipart field '" + e.getRequestPartName() + "'", request.getRequestURI(), null, null);
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    public ResponseEntity<Object> tooLarge(MaxUploadSizeExceededException e, HttpServletRequest request) {
        String limit = e.getMaxUploadSize() > 0 ? " of " + e.getMaxUploadSize() + " bytes" : "";
        return Problems.entity(413, "Upload exceeds the maximum size" + limit, request.getRequestURI(), null, null);
    }

    @ExceptionHandler(AsyncRequestNotUsableException.class)
    public void clientGone(AsyncRequestNotUsableException e) {
        // The client disconnected: nobody to answer.
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<Object> other(Exception e, HttpServletRequest request) {
        if (e instanceof ErrorResponse spring) {
            // Spring MVC's own exceptions (404 no handler, 405, 406, 415, ...) know their status.
            int status = spring.getStatusCode().value();
            String detail = spring.getBody().getDetail();
            return Problems.entity(status, detail, request.getRequestURI(), null, spring.getHeaders());
        }
        String id = UUID.randomUUID().toString();
        LOG.error("{} {} failed (error id {})", request.getMethod(), request.getRequestURI(), id, e);
        return Problems.entity(500, "Internal server error (error id " + id + "); the server log has the details",
                request.getRequestURI(), null, null);
    }

    static String unreadableDetail(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        if (cause instanceof UnrecognizedPropertyException u) {
            String known = u.getKnownPropertyIds() == null ? "" : u.getKnownPropertyIds().stream().map(String::valueOf).sorted()
                    .collect(Collectors.joining(", ", "; known fields: ", ""));
            return "Unknown field '" + path(u) + "' in request body" + known;
        }
        if (cause instanceof InvalidFormatException f && !f.getPath().isEmpty()) {
            return "Invalid value for field '" + path(f) + "': '" + f.getValue() + "', expected " + describe(f.getTargetType());
        }
        if (cause instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
            return "Invalid value for field '" + path(m) + "'"
                    + (m.getTargetType() == null ? "" : ", expected " + describe(m.getTargetType()));
        }
        if (cause instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            return "Invalid value for field '" + path(m) + "': " + m.getOriginalMessage();
        }
        if (cause instanceof MismatchedInputException m && m.getTargetType() != null) {
            return "Invalid request body: expected a JSON object";
        }
        if (cause instanceof JsonProcessingException p) {
            String where = p.getLocation() == null ? ""
                    : " at line " + p.getLocation().getLineNr() + ", column " + p.getLocation().getColumnNr();
            return "Malformed JSON in request body" + where + ": " + p.getOriginalMessage();
        }
        if (e.getMessage() != null && e.getMessage().startsWith("Required request body is missing")) {
            return "Missing request body: expected a JSON object";
        }
        return "Unreadable request body";
    }

    private static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static String describe(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type.isEnum()) {
            StringBuilder values = new StringBuilder();
            for (Object c : type.getEnumConstants()) {
                values.append(values.isEmpty() ? "" : ", ").append(c.toString().toLowerCase(Locale.ROOT));
            }
            return "one of " + values;
        }
        return "a " + type.getSimpleName();
    }
}
