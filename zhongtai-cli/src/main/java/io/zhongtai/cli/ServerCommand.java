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
            if (Main.LOGBACK_CONFIG.equals(System.getProperty("logback.configurationFile"))) {
                System.clearProperty("logback.configurationFile"); // Spring Boot configures logging from here on
            }
            var started = ZhongtaiServer.start(platform, bind != null ? bind : config.bind(), port != null ? port : config.port());
            out().println("Zhongtai server listening on " + started.url() + " (home " + platform.home() + "); Ctrl-C stops it");
            out().flush();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (Exception e) {
                    System.err.println("Error while stopping the server: " + e);
                } finally {
                    platform.close();
                }
            }, "zhongtai-shutdown"));
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
        Thread.currentThread().join();
        return 0;
    }
}
