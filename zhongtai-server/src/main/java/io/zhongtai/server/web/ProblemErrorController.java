package io.zhongtai.server.web;

import io.swagger.v3.oas.annotations.Hidden;
import io.zhongtai.core.ZhongtaiException;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page: errors raised outside Spring MVC (in a filter, or by the
 * container itself) are answered with problem JSON too, never an HTML page.
 */
@Hidden
@RestController
public class ProblemErrorController implements ErrorController {
    public static final String PATH = "/error";
    private static final Logger LOG = LoggerFactory.getLogger(ProblemErrorController.class);

    @RequestMapping(PATH)
    public ResponseEntity<Object> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        Throwable error = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        String instance = uri == null ? request.getRequestURI() : uri.toString();
        if (code == null) {
            // Requested directly rather than as an error dispatch.
            return Problems.entity(404, "No endpoint " + request.getMethod() + " " + instance, instance, null, null);
        }
        int status = code instanceof Integer i ? i : 500;
        while (error != null && !(error instanceof ZhongtaiException) && error.getCause() != null && error.getCause() != error) {
            error = error.getCause();
        }
        if (error instanceof ZhongtaiException z) {
            return Problems.entity(z.kind().httpStatus, z.getMessage(), instance, z.position(), null);
        }
        if (status >= 500) {
            if (error != null) {
                LOG.error("Request {} failed", instance, error);
            }
            return Problems.entity(status, "Internal server error; the server log has the details", instance, null, null);
        }
        Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        HttpStatus known = HttpStatus.resolve(status);
        String detail = message != null && !message.toString().isBlank() ? message.toString()
                : known != null ? known.getReasonPhrase() : "Error " + status;
        return Problems.entity(status, detail, instance, null, null);
    }
}
