package io.zhongtai.pipeline.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.zhongtai.core.config.ZhongtaiConfig;
import io.zhongtai.core.metadata.MetadataException;
import io.zhongtai.core.metadata.MetadataStore;
import io.zhongtai.pipeline.spec.AlertSpec;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * Sends pipeline alerts (a failed run, a missed SLA) to the webhooks (a JSON POST) and email addresses (through the
 * SMTP server of {@code alerts.smtp} in zhongtai.yaml) a pipeline names. Each alert has a key and is sent once: the
 * key is recorded in the metadata store first, so two servers, or a retried tick, never send it twice. A channel
 * that fails is logged and recorded with the alert; the others are still tried.
 */
public final class AlertSender {
    private static final Logger LOG = LoggerFactory.getLogger(AlertSender.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final MetadataStore store;
    private final ZhongtaiConfig.Alerts config;
    private final Map<String, String> env;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    public AlertSender(MetadataStore store, ZhongtaiConfig.Alerts config, Map<String, String> env, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.config = requireNonNull(config, "config is null");
        this.env = Map.copyOf(env);
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** What happened, for one pipeline. {@code kind} is {@code failure} or {@code sla_miss}. */
    public record Alert(String pipeline, String runId, String kind, String key, String subject, Map<String, Object> details) {
    }

    /** Sends the alert to every target unless an alert with its key was sent already; returns whether it was sent now. */
    public boolean send(AlertSpec targets, Alert alert) {
        if (targets.isEmpty()) {
            return false;
        }
        String id = UUID.randomUUID().toString();
        try {
            store.update("INSERT INTO zt_alert (id, pipeline, run_id, kind, alert_key, message, sent_at, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    id, alert.pipeline(), alert.runId(), alert.kind(), alert.key(), alert.subject(), clock.millis(), "sending");
        } catch (MetadataException e) {
            if (!store.query("SELECT id FROM zt_alert WHERE alert_key = ?", row -> row.getString(1), alert.key()).isEmpty()) {
                return false; // sent already, by this process or another
            }
            throw e;
        }
        List<String> outcome = new ArrayList<>();
        for (String url : targets.webhooks()) {
            outcome.add(webhook(url, alert));
        }
        if (!targets.emails().isEmpty()) {
            outcome.add(email(targets.emails(), alert));
        }
        store.update("UPDATE zt_alert SET outcome = ? WHERE id = ?", String.join("; ", outcome), id);
        return true;
    }

    private String webhook(String url, Alert alert) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("pipeline", alert.pipeline());
        body.put("run_id", alert.runId());
        body.put("kind", alert.kind());
        body.put("summary", alert.subject());
        body.putAll(alert.details());
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() >= 300) {
                LOG.warn("Alert webhook {} answered HTTP {} for {}", url, response.statusCode(), alert.key());
                return "webhook " + url + ": HTTP " + response.statusCode();
            }
            return "webhook " + url + ": ok";
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("Alert webhook {} failed for {}: {}", url, alert.key(), e.toString());
            return "webhook " + url + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "webhook " + url + ": interrupted";
        }
    }

    private String email(List<String> to, Alert alert) {
        if (config.smtp().isEmpty()) {
            LOG.warn("Pipeline {} has alert emails but zhongtai.yaml has no alerts.smtp section; {} not emailed", alert.pipeline(), alert.key());
            return "email: no alerts.smtp in zhongtai.yaml";
        }
        ZhongtaiConfig.Smtp smtp = config.smtp().get();
        Properties props = new Properties();
        props.put("mail.smtp.host", smtp.host());
        props.put("mail.smtp.port", String.valueOf(smtp.port()));
        props.put("mail.smtp.connectiontimeout", String.valueOf(TIMEOUT.toMillis()));
        props.put("mail.smtp.timeout", String.valueOf(TIMEOUT.toMillis()));
        if (smtp.starttls()) {
            props.put("mail.smtp.starttls.enable", "true");
            props.put("mail.smtp.starttls.required", "true");
        }
        Authenticator auth = null;
        if (smtp.user().isPresent()) {
            props.put("mail.smtp.auth", "true");
            String password = smtp.passwordEnv().map(env::get).orElse("");
            auth = new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(smtp.user().get(), password);
                }
            };
        }
        try {
            MimeMessage message = new MimeMessage(Session.getInstance(props, auth));
            message.setFrom(new InternetAddress(smtp.from()));
            for (String address : to) {
                message.addRecipient(Message.RecipientType.TO, new InternetAddress(address));
            }
            message.setSubject("[zhongtai] " + alert.subject());
            StringBuilder text = new StringBuilder(alert.subject()).append("\n\n");
            alert.details().forEach((k, v) -> text.append(k).append(": ").append(v).append('\n'));
            message.setText(text.toString(), "UTF-8");
            Transport.send(message);
            return "email " + String.join(", ", to) + ": ok";
        } catch (MessagingException e) {
            LOG.warn("Alert email to {} through {}:{} failed for {}: {}", to, smtp.host(), smtp.port(), alert.key(), e.toString());
            return "email: " + e.getMessage();
        }
    }

}
