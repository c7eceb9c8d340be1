package io.zhongtai.connector.kafka;

import io.zhongtai.testkit.TestingKafka;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.List;
import java.util.Map;

/** Produces test messages straight to the broker, bypassing the connector. */
final class TestTopics {
    private TestTopics() {
    }

    static void send(TestingKafka kafka, String topic, List<String> values) {
        sendRecords(kafka, values.stream().map(v -> new ProducerRecord<String, String>(topic, null, v)).toList());
    }

    static void sendRecords(TestingKafka kafka, List<ProducerRecord<String, String>> records) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            for (ProducerRecord<String, String> record : records) {
                producer.send(record);
            }
            producer.flush();
        }
    }
}
