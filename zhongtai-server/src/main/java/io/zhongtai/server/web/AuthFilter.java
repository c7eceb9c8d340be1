package io.zhongtai.server.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.zhongtai.core.Platform;
import io.zhongtai.core.auth.Identity;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Requires {@code Authorization: Bearer <token>} on every request except the public paths, and
 * stores the token's {@link Identity} as a request attribute for {@link CallerArgumentResolver}.
 * A plain servlet filter rather than Spring Security: one rule, and a faster start.
 */
public final class AuthFilter extends OncePerRequestFilter {
    public static final String IDENTITY_ATTRIBUTE = AuthFilter.class.getName() + ".identity";

    private final Platform platform;
    private final ObjectMapper mapper;
    private final Set<String> publicPaths;
    private final List<String> publicPrefixes;

    /** {@code publicPrefixes}: path prefixes (ending in '/') served without a token, e.g. the console's static files. */
    public AuthFilter(Platform platform, ObjectMapper mapper, Set<String> publicPaths, List<String> publicPrefixes) {
        this.platform = platform;
        this.mapper = mapper;
        this.publicPaths = Set.copyOf(publicPaths);
        this.publicPrefixes = List.copyOf(publicPrefixes);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        // prefixes are matched against the decoded, normalised servlet path, so %2e%2e cannot walk out of them
        String servletPath = request.getServletPath();
        if (publicPaths.contains(path) || publicPrefixes.stream().anyMatch(servletPath::startsWith)) {
            chain.doFilter(request, response);
            return;
        }
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            reject(request, response, "Missing bearer token: send the header 'Authorization: Bearer <token>' "
                    + "(create a token with 'zhongtai token create --name <name>')");
            return;
        }
        String token = bearer(header);
        Optional<Identity> identity = token == null ? Optional.empty() : platform.tokens().authenticate(token);
        if (identity.isEmpty()) {
            reject(request, response, token == null
                    ? "Invalid Authorization header: expected 'Bearer <token>'"
                    : "Invalid or revoked token");
            return;
        }
        request.setAttribute(IDENTITY_ATTRIBUTE, identity.get());
        chain.doFilter(request, response);
    }

    private static String bearer(String header) {
        String h = header.trim();
        if (h.length() > 7 && h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = h.substring(7).trim();
            return token.isEmpty() ? null : token;
        }
        return null;
    }

    private void reject(HttpServletRequest request, HttpServletResponse response, String detail) throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"zhongtai\"");
        Problems.write(response, mapper, HttpServletResponse.SC_UNAUTHORIZED, detail, request.getRequestURI());
    }
}
