package io.zhongtai.pipeline.alert;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import io.zhongtai.core.PlatformFixture;
import io.zhongtai.pipeline.PipelineService;
import io.zhongtai.pipeline.schedule.PipelineScheduler;
import io.zhongtai.pipeline.spec.AlertSpec;
import io.zhongtai.pipeline.spec.SpecParser;
import io.zhongtai.pipeline.store.RunState;
import io.zhongtai.pipeline.store.RunStore;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class AlertTest {
    private GreenMail smtp;
    private HttpServer webhook;
    private final List<String> posted = new CopyOnWriteArrayList<>();
    private PlatformFixture f;
    private PipelineService service;

    @BeforeEach
    void start(@TempDir Path home) throws IOException {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/hook", exchange -> {
            posted.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        webhook.start();
        Files.writeString(home.resolve("zhongtai.yaml"), "alerts:\n  smtp:\n    host: 127.0.0.1\n    port: " + smtp.getSmtp().getPort()
                + "\n    from: zhongtai@example.com\n");
        f = new PlatformFixture(home);
        service = new PipelineService(f.platform, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        f.close();
        webhook.stop(0);
        smtp.stop();
    }

    private String alerts() {
        return "alerts:\n  webhooks: [http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook]\n  emails: [ops@example.com]\n";
    }

    @Test
    void aFailedRunIsReportedOnceByWebhookAndEmail() throws Exception {
        service.apply(f.session, "broken.yaml", "name: broken\n" + alerts()
                + "nodes:\n  - {name: bad, kind: sql, output: dwd.bad, sql: \"SELECT CAST('x' AS INTEGER) AS x\"}\n");

        RunStore.Run run = service.runNow(f.session, "broken", Optional.of(LocalDate.of(2026, 11, 1)));

        assertThat(run.state()).isEqualTo(RunState.FAILED);
        assertThat(posted).singleElement().asString().contains("\"kind\":\"failure\"").contains("\"pipeline\":\"broken\"")
                .contains("\"bizdate\":\"2026-11-01\"").contains("Could not convert string 'x' to INT32");
        MimeMessage[] mails = smtp.getReceivedMessages();
        assertThat(mails).hasSize(1);
        assertThat(mails[0].getSubject()).isEqualTo("[zhongtai] Pipeline broken failed for 2026-11-01");
        AlertSpec targets = SpecParser.parse("broken.yaml", service.pipelines().version("broken", Optional.empty()).spec()).alerts();
        assertThat(service.alerts().send(targets, new AlertSender.Alert("broken", run.id(), "failure", "failure:" + run.id(), "again",
                java.util.Map.of()))).as("an alert key is sent once").isFalse();
        assertThat(posted).hasSize(1);
    }

    @Test
    void aMissedSlaIsReportedOnceAfterTheSlaTime() {
        service.apply(f.session, "nightly.yaml", "name: nightly\nschedule: {cron: \"0 2 * * *\", timezone: UTC, sla: \"06:00\"}\n" + alerts()
                + "nodes:\n  - {name: one, kind: sql, output: dwd.one, sql: SELECT 1 AS x}\n");
        try (PipelineScheduler scheduler = new PipelineScheduler(service, f.platform.metadata(), Clock.systemUTC(), 1)) {
            scheduler.tick(Instant.parse("2026-11-26T05:59:00Z"));   // the schedule starts now; before the SLA: nothing to report
            assertThat(posted).isEmpty();
            scheduler.tick(Instant.parse("2026-11-26T06:01:00Z"));
            scheduler.tick(Instant.parse("2026-11-26T06:02:00Z"));
        }
        assertThat(posted).singleElement().asString().contains("\"kind\":\"sla_miss\"").contains("\"bizdate\":\"2026-11-25\"");
        assertThat(smtp.getReceivedMessages()).extracting(m -> {
            try {
                return m.getSubject();
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).containsExactly("[zhongtai] Pipeline nightly missed its SLA (06:00 UTC) for 2026-11-25");
    }
}
