package io.zhongtai.cli;

import io.zhongtai.core.Platform;
import io.zhongtai.core.config.ZhongtaiConfig;
import io.zhongtai.server.ZhongtaiServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code zhongtai server}: the REST API on this home, until Ctrl-C. */
@Command(name = "server", sortOptions = false,
        description = {
                "Runs the Zhongtai server (REST API) on the platform home until Ctrl-C.",
                "Address and port default to server.bind and server.port of <home>/zhongtai.yaml (127.0.0.1:7070). "
                        + "Clients authenticate with tokens from `zhongtai token create`."})
final class ServerCommand extends BaseCommand {
    @Option(names = "--port", paramLabel = "N", description = "Port to listen on; 0 picks a free one (default: server.port of the config, 7070).")
    Integer port;

    @Option(names = "--bind", paramLabel = "ADDR",
            description = "Address to listen on, e.g. 0.0.0.0 for all interfaces (default: server.bind of the config, 127.0.0.1).")
    String bind;

    @Override
    protected int run() throws InterruptedException {
        Platform platform = main().openPlatform();
        try {
            ZhongtaiConfig.Server config = platform.config().server();
            var started = start(platform, bind != null ? bind : config.bind(), port != null ? port : config.port());
            out().println("Zhongtai server listening on " + started.url() + " (home " + platform.home() + "); console at "
                    + started.url() + "/ ; Ctrl-C stops it");
            out().flush();
            return serveUntilShutdown(platform, started);
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    /** Blocks until the JVM is asked to stop (Ctrl-C), then closes the server and the platform, in that order. */
    static int serveUntilShutdown(Platform platform, ZhongtaiServer server) throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("Error while stopping the server: " + e);
            } finally {
                platform.close();
            }
        }, "zhongtai-shutdown"));
        Thread.currentThread().join();
        return 0;
    }

    /** Starts the REST API; Spring Boot configures logging from here on. */
    static ZhongtaiServer start(Platform platform, String bind, int port) {
        if (Main.LOGBACK_CONFIG.equals(System.getProperty("logback.configurationFile"))) {
            System.clearProperty("logback.configurationFile");
        }
        return ZhongtaiServer.start(platform, bind, port);
    }
}
