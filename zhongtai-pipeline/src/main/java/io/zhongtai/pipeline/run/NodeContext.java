package io.zhongtai.pipeline.run;

import io.zhongtai.core.session.Session;
import io.zhongtai.pipeline.spec.Params;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * What a node runs with: the run's parameters, the session its SQL goes through (the run's identity), a log, and a
 * flag set when the node must stop (timeout, cancelled run).
 */
public record NodeContext(String runId, Params params, Session session, Consumer<String> log, AtomicBoolean stop) {
}
