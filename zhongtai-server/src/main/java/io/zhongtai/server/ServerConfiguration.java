package io.zhongtai.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.zhongtai.backup.BackupScheduler;
import io.zhongtai.backup.BackupSchedules;
import io.zhongtai.backup.BackupService;
import io.zhongtai.core.Platform;
import io.zhongtai.core.auth.Identity;
import io.zhongtai.core.console.Dashboards;
import io.zhongtai.core.console.SavedQueries;
import io.zhongtai.pipeline.PipelineService;
import io.zhongtai.pipeline.alert.AlertSender;
import io.zhongtai.pipeline.schedule.PipelineScheduler;
import io.zhongtai.server.backups.BackupController;
import io.zhongtai.server.console.ConsoleController;
import io.zhongtai.server.console.DashboardController;
import io.zhongtai.server.console.SavedQueryController;
import io.zhongtai.server.namespaces.NamespaceController;
import io.zhongtai.server.pipelines.PipelineController;
import io.zhongtai.server.sources.SourceController;
import io.zhongtai.server.sources.SyncController;
import io.zhongtai.server.sql.CursorRegistry;
import io.zhongtai.server.sql.RunningQueries;
import io.zhongtai.server.sql.SqlController;
import io.zhongtai.server.sql.SqlMetrics;
import io.zhongtai.server.system.SystemController;
import io.zhongtai.server.tables.TableController;
import io.zhongtai.server.tokens.TokenController;
import io.zhongtai.server.web.AuthFilter;
import io.zhongtai.server.web.CallerArgumentResolver;
import io.zhongtai.server.web.ConsoleAssets;
import io.zhongtai.server.web.ProblemErrorController;
import io.zhongtai.server.web.ProblemHandler;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.web.server.ErrorPage;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.server.ConfigurableServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.AsyncSupportConfigurer;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The server's Spring configuration: an explicit list of auto-configurations (no classpath-wide
 * auto-configuration, no component scanning) and the API's controllers. The {@link Platform} is
 * registered by {@link ZhongtaiServer} before the context refreshes.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({
        org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration.class,
        org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration.class,
        org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration.class,
        org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration.class,
        org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration.class,
        org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration.class,
        org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration.class,
        org.springframework.boot.autoconfigure.web.servlet.HttpEncodingAutoConfiguration.class,
        org.springframework.boot.autoconfigure.web.servlet.MultipartAutoConfiguration.class,
        org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration.class,
        org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration.class,
        org.springframework.boot.actuate.autoconfigure.metrics.export.prometheus.PrometheusMetricsExportAutoConfiguration.class,
        org.springframework.boot.actuate.autoconfigure.metrics.JvmMetricsAutoConfiguration.class,
        org.springframework.boot.actuate.autoconfigure.metrics.SystemMetricsAutoConfiguration.class,
        org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration.class,
        org.springframework.boot.actuate.autoconfigure.observation.web.servlet.WebMvcObservationAutoConfiguration.class,
        org.springdoc.core.configuration.SpringDocConfiguration.class,
        org.springdoc.core.properties.SpringDocConfigProperties.class,
        org.springdoc.core.configuration.SpringDocSpecPropertiesConfiguration.class,
        org.springdoc.webmvc.core.configuration.SpringDocWebMvcConfiguration.class,
})
@Import({SqlController.class, NamespaceController.class, TableController.class, TokenController.class, SystemController.class,
        SourceController.class, SyncController.class, PipelineController.class, BackupController.class,
        ConsoleController.class, SavedQueryController.class, DashboardController.class,
        ProblemHandler.class, ProblemErrorController.class})
public class ServerConfiguration {
    public static final String OPENAPI_PATH = "/api/v1/openapi.json";
    static final String BEARER_SCHEME = "bearer";

    static {
        // The caller is resolved from the request, not a request parameter.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Identity.class);
    }

    @Bean
    PipelineService pipelineService(Platform platform) {
        return new PipelineService(platform, Clock.systemUTC());
    }

    /** Starts due and queued pipeline runs while the server is up. */
    @Bean(initMethod = "start", destroyMethod = "close")
    PipelineScheduler pipelineScheduler(PipelineService pipelines, Platform platform,
                                        @Value("${zhongtai.server.pipeline-workers:4}") int workers) {
        return new PipelineScheduler(pipelines, platform.metadata(), Clock.systemUTC(), workers);
    }

    /** Runs scheduled backups (`zhongtai backup schedule add`) while the server is up. */
    @Bean
    BackupService backupService(Platform platform) {
        return new BackupService(platform, Clock.systemUTC());
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    BackupScheduler backupScheduler(Platform platform, BackupService backups) {
        return new BackupScheduler(backups, new BackupSchedules(platform.metadata(), Clock.systemUTC()),
                new AlertSender(platform.metadata(), platform.config().alerts(), System.getenv(), Clock.systemUTC()), Clock.systemUTC());
    }

    /** Runs backfills started over REST, each at its own parallelism. */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService pipelineBackfills() {
        return Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "zt-backfill");
            t.setDaemon(true);
            return t;
        });
    }

    @Bean(destroyMethod = "close")
    CursorRegistry cursorRegistry(@Value("${zhongtai.server.cursor-idle-timeout:5m}") Duration idleTimeout,
                                  @Value("${zhongtai.server.max-cursors-per-token:16}") int maxPerToken) {
        return new CursorRegistry(idleTimeout, maxPerToken);
    }

    @Bean
    RunningQueries runningQueries() {
        return new RunningQueries();
    }

    @Bean
    SavedQueries savedQueries(Platform platform) {
        return new SavedQueries(platform.metadata(), Clock.systemUTC());
    }

    @Bean
    Dashboards dashboards(Platform platform) {
        return new Dashboards(platform.metadata(), Clock.systemUTC());
    }

    @Bean
    SqlMetrics sqlMetrics(MeterRegistry registry, CursorRegistry cursors) {
        return new SqlMetrics(registry, cursors);
    }

    @Bean
    FilterRegistrationBean<AuthFilter> authFilter(Platform platform, ObjectMapper mapper) {
        FilterRegistrationBean<AuthFilter> registration = new FilterRegistrationBean<>(
                new AuthFilter(platform, mapper, Set.of(SystemController.HEALTH_PATH, OPENAPI_PATH, ConsoleAssets.INDEX_PATH),
                        ConsoleAssets.PUBLIC_PREFIXES));
        // After the observation filter (HIGHEST_PRECEDENCE + 1), so rejected requests are timed too.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        registration.addUrlPatterns("/*");
        return registration;
    }

    @Bean
    FilterRegistrationBean<ConsoleAssets.SecurityHeaders> consoleSecurityHeaders() {
        FilterRegistrationBean<ConsoleAssets.SecurityHeaders> registration = new FilterRegistrationBean<>(new ConsoleAssets.SecurityHeaders());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        registration.addUrlPatterns("/*");
        return registration;
    }

    /** Runs NDJSON streams (StreamingResponseBody) off the request threads. */
    @Bean
    ThreadPoolTaskExecutor streamExecutor() {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setThreadNamePrefix("zhongtai-stream-");
        executor.setCorePoolSize(2);
        executor.setMaxPoolSize(256);
        executor.setQueueCapacity(0);
        executor.setDaemon(true);
        return executor;
    }

    @Bean
    WebMvcConfigurer zhongtaiMvc(ThreadPoolTaskExecutor streamExecutor) {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new CallerArgumentResolver());
            }

            @Override
            public void addResourceHandlers(ResourceHandlerRegistry registry) {
                ConsoleAssets.register(registry);
            }

            @Override
            public void addViewControllers(ViewControllerRegistry registry) {
                ConsoleAssets.register(registry);
            }

            @Override
            public void configureAsyncSupport(AsyncSupportConfigurer configurer) {
                configurer.setTaskExecutor(streamExecutor);
                configurer.setDefaultTimeout(-1); // streams last as long as the result
            }
        };
    }

    @Bean
    WebServerFactoryCustomizer<ConfigurableServletWebServerFactory> problemErrorPage() {
        return factory -> factory.addErrorPages(new ErrorPage(ProblemErrorController.PATH));
    }

    @Bean
    OpenAPI zhongtaiOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Zhongtai REST API").version(ServerVersion.get())
                        .description("Zhongtai data platform. Every endpoint except /api/v1/health and this document needs "
                                + "`Authorization: Bearer <token>`. Errors are RFC 9457 problem details "
                                + "(application/problem+json), with `position` {line, column, offset} for errors in SQL text.")
                        .license(new License().name("Apache-2.0")))
                .components(new Components().addSecuritySchemes(BEARER_SCHEME, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description("An API token: `zhongtai token create --name <name>` or POST /api/v1/tokens")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER_SCHEME));
    }

    /** Documents the problem-JSON error responses on every operation. */
    @Bean
    OpenApiCustomizer problemResponses() {
        return openApi -> {
            ObjectSchema problem = new ObjectSchema();
            problem.addProperty("type", new StringSchema().example("about:blank"));
            problem.addProperty("title", new StringSchema().example("Bad Request"));
            problem.addProperty("status", new IntegerSchema().example(400));
            problem.addProperty("detail", new StringSchema());
            problem.addProperty("instance", new StringSchema());
            ObjectSchema position = new ObjectSchema();
            position.addProperty("line", new IntegerSchema());
            position.addProperty("column", new IntegerSchema());
            position.addProperty("offset", new IntegerSchema());
            problem.addProperty("position", position.description("Where in the SQL text the error is"));
            openApi.getComponents().addSchemas("Problem", problem.description("RFC 9457 problem details"));
            if (openApi.getPaths() == null) {
                return;
            }
            for (Map.Entry<String, PathItem> path : openApi.getPaths().entrySet()) {
                for (Operation op : path.getValue().readOperations()) {
                    if (op.getParameters() != null) {
                        op.getParameters().stream().filter(p -> "path".equals(p.getIn()) && "table".equals(p.getName()))
                                .forEach(p -> p.description("namespace.table, e.g. ods.orders (a bare name means ods)"));
                    }
                    ApiResponses responses = op.getResponses() == null ? new ApiResponses() : op.getResponses();
                    boolean open = op.getSecurity() != null && op.getSecurity().isEmpty();
                    if (!open && !responses.containsKey("401")) {
                        responses.addApiResponse("401", problemResponse("Missing, invalid or revoked token"));
                    }
                    if (!open) {
                        responses.addApiResponse("default", problemResponse("Error"));
                    }
                    op.setResponses(responses);
                }
            }
        };
    }

    private static ApiResponse problemResponse(String description) {
        return new ApiResponse().description(description).content(new Content().addMediaType("application/problem+json",
                new io.swagger.v3.oas.models.media.MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem"))));
    }
}
