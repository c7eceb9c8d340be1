package io.zhongtai.server;

import io.zhongtai.core.Platform;
import io.zhongtai.core.ZhongtaiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.web.context.support.StandardServletEnvironment;

import java.util.LinkedHashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The REST API server: Spring Boot (Tomcat) started programmatically on a {@link Platform} that
 * the caller opened and keeps owning: {@link #close()} stops the server, never the platform.
 *
 * <p>Spring settings come only from {@code io/zhongtai/server/server-defaults.properties}; an
 * {@code application.properties} on the class path or in the working directory is ignored, and
 * the bind address and port given here win over any {@code SERVER_*} environment variable.
 */
public final class ZhongtaiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ZhongtaiServer.class);
    static final String DEFAULTS = "classpath:/io/zhongtai/server/server-defaults.properties";

    private final ConfigurableApplicationContext context;
    private final String bind;
    private final int port;

    private ZhongtaiServer(ConfigurableApplicationContext context, String bind, int port) {
        this.context = context;
        this.bind = bind;
        this.port = port;
    }

    /**
     * Starts serving {@code platform} on {@code bind:port}; port 0 picks a free port.
     *
     * @throws ZhongtaiException CONFLICT if the port is in use, INVALID_INPUT for a bad port
     */
    public static ZhongtaiServer start(Platform platform, String bind, int port) {
        return start(platform, bind, port, Map.of());
    }

    /** As {@link #start(Platform, String, int)}, with extra Spring properties (e.g. for tests). */
    public static ZhongtaiServer start(Platform platform, String bind, int port, Map<String, String> properties) {
        requireNonNull(platform, "platform is null");
        requireNonNull(bind, "bind is null");
        if (port < 0 || port > 65535) {
            throw ZhongtaiException.invalid("Invalid server port %d: expected 0 to 65535 (0 picks a free port)", port);
        }
        long started = System.nanoTime();
        Map<String, Object> props = new LinkedHashMap<>(properties);
        props.put("spring.config.location", DEFAULTS);
        props.put("server.address", bind);
        props.put("server.port", String.valueOf(port));
        StandardServletEnvironment environment = new StandardServletEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("zhongtaiServer", props));

        SpringApplicationBuilder builder = new SpringApplicationBuilder(ServerConfiguration.class)
                .web(WebApplicationType.SERVLET)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .registerShutdownHook(false)
                .environment(environment)
                // A singleton registered as an instance is not destroyed with the context: the caller owns the platform.
                .initializers(ctx -> ctx.getBeanFactory().registerSingleton("platform", platform));
        ConfigurableApplicationContext context;
        try {
            context = builder.run();
        } catch (RuntimeException e) {
            throw startFailure(e, bind, port);
        }
        int actualPort = ((WebServerApplicationContext) context).getWebServer().getPort();
        ZhongtaiServer server = new ZhongtaiServer(context, bind, actualPort);
        LOG.info("Zhongtai REST API listening on {} (started in {} ms)", server.url(), (System.nanoTime() - started) / 1_000_000);
        int resumed = platform.integration().resumeSyncJobs();
        if (resumed > 0) {
            LOG.info("Resumed {} sync jobs", resumed);
        }
        return server;
    }

    private static ZhongtaiException startFailure(RuntimeException e, String bind, int port) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PortInUseException) {
                return ZhongtaiException.conflict("Cannot start the server, port %d on %s is in use; set server.port in "
                        + "zhongtai.yaml or pass another port", port, bind);
            }
            if (t instanceof ZhongtaiException z) {
                return z;
            }
            if (t instanceof java.net.BindException b) {
                return new ZhongtaiException(ZhongtaiException.Kind.INVALID_INPUT, "Cannot start the server on " + bind + ":" + port
                        + ": " + b.getMessage() + " (is server.bind in zhongtai.yaml an address of this machine?)", null, e);
            }
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new ZhongtaiException(ZhongtaiException.Kind.INTERNAL, "Cannot start the server on " + bind + ":" + port + ": "
                + root.getMessage(), null, e);
    }

    /** The port the server listens on (the real one when started with port 0). */
    public int port() {
        return port;
    }

    /** The base URL, e.g. {@code http://127.0.0.1:7070}; a wildcard bind address is shown as 127.0.0.1. */
    public String url() {
        String host = bind.isBlank() || bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]") ? "127.0.0.1" : bind;
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + port;
    }

    /** The Spring context, for embedding and tests. */
    public ConfigurableApplicationContext context() {
        return context;
    }

    /** Stops accepting requests, lets in-flight ones finish (at most 10 s) and closes open cursors. The platform stays open. */
    @Override
    public void close() {
        if (context.isActive()) {
            context.close();
            LOG.info("Zhongtai REST API on {} stopped", url());
        }
    }
}
