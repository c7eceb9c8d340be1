package io.zhongtai.server.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.CacheControl;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * The web console: static files served at {@code /} on the API's port. Its own files live in
 * {@code io/zhongtai/server/console/}; the libraries it loads (Preact with htm, CodeMirror, ECharts) come from npm
 * packages republished on Maven Central, whose jars hold them under {@code META-INF/resources/webjars} and
 * {@code META-INF/resources/_static}. None of these paths hold data, so they need no token; the console sends the
 * token its user signs in with on every API call.
 */
public final class ConsoleAssets {
    public static final String INDEX_PATH = "/";
    public static final List<String> PUBLIC_PREFIXES = List.of("/console/", "/webjars/", "/_static/");

    /**
     * Scripts only from this server (no inline script, no eval); styles may be inline because CodeMirror and ECharts
     * set style attributes; images also from data: URLs (the page's empty icon, so the browser asks for no favicon); no
     * framing.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
            + "form-action 'self'";

    private ConsoleAssets() {
    }

    public static void register(ResourceHandlerRegistry registry) {
        // The console's own files change with each release and are small: revalidate every time (ETag/Last-Modified).
        registry.addResourceHandler("/console/**").addResourceLocations("classpath:/io/zhongtai/server/console/")
                .setCacheControl(CacheControl.noCache());
        // Library files sit under their version's directory and never change.
        CacheControl immutable = CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();
        registry.addResourceHandler("/webjars/**").addResourceLocations("classpath:/META-INF/resources/webjars/")
                .setCacheControl(immutable);
        registry.addResourceHandler("/_static/**").addResourceLocations("classpath:/META-INF/resources/_static/")
                .setCacheControl(immutable);
    }

    public static void register(ViewControllerRegistry registry) {
        registry.addViewController(INDEX_PATH).setViewName("forward:/console/index.html");
    }

    /** Security headers on every response; the console's pages also get the content security policy. */
    public static final class SecurityHeaders extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader("Referrer-Policy", "no-referrer");
            String path = request.getRequestURI().substring(request.getContextPath().length());
            if (!path.startsWith("/api/")) {
                response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
                response.setHeader("X-Frame-Options", "DENY");
            }
            chain.doFilter(request, response);
        }
    }
}
