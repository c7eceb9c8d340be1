package io.zhongtai.connector.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;

/**
 * The RabbitMQ server the tests use: the Debian package's on localhost:5672, with a test user .ci/run creates
 * ({@code rabbitmqctl add_user zt_test zt-test-secret; rabbitmqctl set_permissions -p / zt_test ".*" ".*" ".*"}). It
 * cannot run in-process; tests are skipped when it is not running. Queues are created per test and deleted after.
 */
final class LocalRabbitMq implements AutoCloseable {
    static final String HOST = "localhost";
    static final int PORT = 5672;
    static final String USER = "zt_test";
    static final String PASSWORD = "zt-test-secret";
    private static final String NOT_RUNNING = "RabbitMQ is not running on localhost:5672; .ci/run installs it from Debian packages";

    private final Connection connection;
    private final List<String> queues = new ArrayList<>();

    private LocalRabbitMq(Connection connection) {
        this.connection = connection;
    }

    /** Skips the calling test class when the server is not reachable. */
    static LocalRabbitMq assumeRunning() throws Exception {
        boolean reachable;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, PORT), 1000);
            reachable = true;
        } catch (IOException e) {
            reachable = false;
        }
        if (!reachable) {
            // Failsafe does not print why a whole class was skipped: say it in the build output.
            LoggerFactory.getLogger(LocalRabbitMq.class).warn("Skipping the RabbitMQ tests: {}", NOT_RUNNING);
        }
        Assumptions.assumeTrue(reachable, NOT_RUNNING);
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(HOST);
        factory.setPort(PORT);
        factory.setUsername(USER);
        factory.setPassword(PASSWORD);
        try {
            return new LocalRabbitMq(factory.newConnection("zhongtai-test"));
        } catch (AuthenticationFailureException e) {
            throw new IllegalStateException("RabbitMQ on localhost:5672 has no test user " + USER + "; create it with: rabbitmqctl"
                    + " add_user " + USER + " " + PASSWORD + " && rabbitmqctl set_permissions -p / " + USER + " '.*' '.*' '.*'", e);
        }
    }

    /** A new durable queue with a unique name starting with {@code prefix}, deleted on close. */
    String createQueue(String prefix) throws Exception {
        String queue = prefix + "_" + System.nanoTime();
        try (Channel channel = connection.createChannel()) {
            channel.queueDeclare(queue, true, false, false, null);
        }
        queues.add(queue);
        return queue;
    }

    /** Remembers a queue someone else created, to delete it on close. */
    void deleteOnClose(String queue) {
        queues.add(queue);
    }

    void publish(String queue, String body) throws Exception {
        publish(queue, body, new AMQP.BasicProperties());
    }

    void publish(String queue, String body, AMQP.BasicProperties properties) throws Exception {
        try (Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            channel.basicPublish("", queue, properties, body.getBytes(StandardCharsets.UTF_8));
            channel.waitForConfirmsOrDie(5000);
        }
    }

    /** Messages ready for delivery (not counting delivered, unacknowledged ones). */
    long ready(String queue) throws Exception {
        try (Channel channel = connection.createChannel()) {
            return channel.queueDeclarePassive(queue).getMessageCount();
        }
    }

    /** Waits up to 10 s for the ready count to satisfy {@code condition}; returns the last count. */
    long awaitReady(String queue, LongPredicate condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long count = ready(queue);
        while (!condition.test(count) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            count = ready(queue);
        }
        return count;
    }

    @Override
    public void close() throws Exception {
        try (Channel channel = connection.createChannel()) {
            for (String queue : queues) {
                channel.queueDelete(queue);
            }
        } finally {
            connection.close();
        }
    }
}
