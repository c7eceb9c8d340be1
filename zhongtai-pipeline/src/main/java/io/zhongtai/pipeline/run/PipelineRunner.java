package io.zhongtai.pipeline.run;

import io.zhongtai.core.Platform;
import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.auth.Identity;
import io.zhongtai.core.session.Session;
import io.zhongtai.pipeline.lineage.OpenLineageEmitter;
import io.zhongtai.pipeline.spec.LakehouseCatalog;
import io.zhongtai.pipeline.spec.NodeSettings;
import io.zhongtai.pipeline.spec.NodeSpec;
import io.zhongtai.pipeline.spec.Params;
import io.zhongtai.pipeline.spec.PipelineGraph;
import io.zhongtai.pipeline.spec.PipelineSpec;
import io.zhongtai.pipeline.spec.SpecParser;
import io.zhongtai.pipeline.spec.SpecValidator;
import io.zhongtai.pipeline.store.NodeState;
import io.zhongtai.pipeline.store.PipelineStore;
import io.zhongtai.pipeline.store.RunState;
import io.zhongtai.pipeline.store.RunStore;
import io.zhongtai.pipeline.store.RunStore.NodeStats;
import io.zhongtai.pipeline.store.RunStore.Run;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import static java.util.Objects.requireNonNull;

/**
 * Executes a run this process has claimed: the nodes of the run's pipeline version in dependency order, up to
 * {@link #PARALLEL_NODES} slots at a time (a node takes its {@code slots}), each with its retries (with doubling delays) and its timeout. A node whose
 * upstream failed is skipped. A rerun reuses the nodes that succeeded in the run it continues. The run's row is
 * heartbeated so that another process can tell a crashed run from a long one.
 */
public final class PipelineRunner {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineRunner.class);
    public static final int PARALLEL_NODES = NodeSettings.MAX_SLOTS;
    public static final Duration HEARTBEAT = Duration.ofSeconds(5);

    private final Platform platform;
    private final PipelineStore pipelines;
    private final RunStore runs;
    private final NodeExecutor executor;
    private final String owner;
    private final OpenLineageEmitter lineage;

    public PipelineRunner(Platform platform, PipelineStore pipelines, RunStore runs, NodeExecutor executor, String owner,
                          OpenLineageEmitter lineage) {
        this.platform = requireNonNull(platform, "platform is null");
        this.pipelines = requireNonNull(pipelines, "pipelines is null");
        this.runs = requireNonNull(runs, "runs is null");
        this.executor = requireNonNull(executor, "executor is null");
        this.owner = requireNonNull(owner, "owner is null");
        this.lineage = requireNonNull(lineage, "lineage is null");
    }

    /** Runs a claimed run to its end; returns the run as stored afterwards. */
    public Run execute(Run run) {
        ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(daemon("zt-run-heartbeat"));
        heartbeat.scheduleAtFixedRate(() -> runs.heartbeat(run.id(), owner), HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
        try {
            String error = executeNodes(run);
            runs.finish(run.id(), error == null ? RunState.SUCCEEDED : RunState.FAILED, error);
        } catch (RuntimeException e) {
            LOG.warn("Run {} of pipeline {} failed before its nodes ran", run.id(), run.pipeline(), e);
            runs.finish(run.id(), RunState.FAILED, e.getMessage());
        } finally {
            heartbeat.shutdownNow();
        }
        return runs.run(run.id());
    }

    /** Returns null when every node succeeded (or was reused), else what failed. */
    private String executeNodes(Run run) {
        PipelineStore.Version version = pipelines.version(run.pipeline(), Optional.of(run.version()));
        String file = version.origin() == null ? run.pipeline() + ".yaml" : version.origin();
        PipelineSpec spec = SpecParser.parse(file, version.spec());
        PipelineGraph graph = SpecValidator.validate(spec, file, new LakehouseCatalog(platform.lakehouse()));
        Params params = Params.resolve(spec.name(), run.bizdate(), run.id(), spec.params());
        Identity identity = new Identity("pipeline:" + spec.name(), Identity.Kind.SYSTEM);

        Map<String, NodeState> states = new LinkedHashMap<>();
        Set<String> reused = run.rerunOf() == null ? Set.of() : succeededIn(run.rerunOf());
        for (String node : graph.order()) {
            runs.nodePending(run.id(), node);
            if (reused.contains(node)) {
                runs.log(run.id(), node, "succeeded in run " + run.rerunOf() + "; not run again");
                runs.nodeFinished(run.id(), node, NodeState.SKIPPED, NodeStats.NONE, null);
                states.put(node, NodeState.SUCCEEDED);
            } else {
                states.put(node, NodeState.PENDING);
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_NODES, daemon("zt-run-" + run.pipeline()));
        ExecutorCompletionService<Map.Entry<String, NodeState>> done = new ExecutorCompletionService<>(pool);
        Map<String, String> errors = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
        int running = 0;
        int usedSlots = 0;
        Map<String, Integer> slotsOf = new HashMap<>();
        try {
            while (true) {
                for (String node : graph.order()) {
                    if (states.get(node) != NodeState.PENDING) {
                        continue;
                    }
                    Set<String> upstream = graph.upstream(node);
                    if (upstream.stream().anyMatch(u -> states.get(u) == NodeState.FAILED || states.get(u) == NodeState.SKIPPED)) {
                        states.put(node, NodeState.SKIPPED);
                        runs.log(run.id(), node, "skipped: an upstream node did not succeed");
                        runs.nodeFinished(run.id(), node, NodeState.SKIPPED, NodeStats.NONE, null);
                    } else if (upstream.stream().allMatch(u -> states.get(u) == NodeState.SUCCEEDED)
                            && usedSlots + graph.node(node).settings().slots() <= PARALLEL_NODES) {
                        states.put(node, NodeState.RUNNING);
                        running++;
                        usedSlots += graph.node(node).settings().slots();
                        slotsOf.put(node, graph.node(node).settings().slots());
                        // A session per node: a timed-out node's statements are cancelled without touching the others'.
                        NodeContext context = new NodeContext(run.id(), params, Session.of(identity), line -> runs.log(run.id(), node, line),
                                new AtomicBoolean());
                        done.submit(() -> Map.entry(node, attempts(run, graph, graph.node(node), context, errors)));
                    }
                }
                if (running == 0) {
                    break;
                }
                Map.Entry<String, NodeState> finished = done.take().get();
                running--;
                usedSlots -= slotsOf.get(finished.getKey());
                states.put(finished.getKey(), finished.getValue());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (ExecutionException e) {
            throw new ZhongtaiException(ZhongtaiException.Kind.INTERNAL, "A node runner failed: " + e.getCause(), null, e.getCause());
        } finally {
            pool.shutdownNow();
        }
        if (errors.isEmpty()) {
            return null;
        }
        StringBuilder message = new StringBuilder();
        errors.forEach((node, error) -> message.append(message.isEmpty() ? "" : "; ").append("node ").append(node).append(": ").append(error));
        return message.toString();
    }

    /** Runs a node's attempts; returns SUCCEEDED or FAILED (recording the error). */
    private NodeState attempts(Run run, PipelineGraph graph, NodeSpec node, NodeContext context, Map<String, String> errors) {
        lineage.emit(OpenLineageEmitter.EventType.START, run.pipeline(), run.id(), node, graph);
        NodeState state = attemptsOf(run, graph, node, context, errors);
        lineage.emit(state == NodeState.SUCCEEDED ? OpenLineageEmitter.EventType.COMPLETE : OpenLineageEmitter.EventType.FAIL,
                run.pipeline(), run.id(), node, graph);
        return state;
    }

    private NodeState attemptsOf(Run run, PipelineGraph graph, NodeSpec node, NodeContext context, Map<String, String> errors) {
        int maxAttempts = node.settings().retries() + 1;
        for (int attempt = 1; ; attempt++) {
            runs.nodeStarted(run.id(), node.name(), attempt);
            if (attempt > 1) {
                context.log().accept("attempt " + attempt + " of " + maxAttempts);
            }
            context.stop().set(false);
            ExecutorService single = Executors.newSingleThreadExecutor(daemon("zt-node-" + node.name()));
            Future<NodeStats> result = single.submit(() -> executor.execute(node, graph, context));
            String error;
            boolean timedOut = false;
            try {
                NodeStats stats = result.get(node.settings().timeout().toMillis(), TimeUnit.MILLISECONDS);
                runs.nodeFinished(run.id(), node.name(), NodeState.SUCCEEDED, stats, null);
                return NodeState.SUCCEEDED;
            } catch (TimeoutException e) {
                context.stop().set(true);
                context.session().cancel();
                result.cancel(true);
                timedOut = true;
                error = "timed out after " + human(node.settings().timeout()) + "; its statement was cancelled";
            } catch (ExecutionException e) {
                error = e.getCause() instanceof ZhongtaiException z ? z.getMessage() : String.valueOf(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                result.cancel(true);
                runs.nodeFinished(run.id(), node.name(), NodeState.CANCELLED, NodeStats.NONE, "the run was stopped");
                errors.put(node.name(), "cancelled");
                return NodeState.FAILED;
            } finally {
                single.shutdownNow();
            }
            context.log().accept("failed: " + error);
            // A timed-out attempt's statement is cancelled, but its thread may still be unwinding: running the node
            // again beside it could write twice, so a timeout is final.
            if (timedOut || attempt >= maxAttempts) {
                runs.nodeFinished(run.id(), node.name(), NodeState.FAILED, NodeStats.NONE, error);
                errors.put(node.name(), error);
                return NodeState.FAILED;
            }
            Duration delay = node.settings().delayBefore(attempt);
            context.log().accept("retrying in " + delay.toSeconds() + " s");
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                runs.nodeFinished(run.id(), node.name(), NodeState.CANCELLED, NodeStats.NONE, "the run was stopped");
                errors.put(node.name(), "cancelled");
                return NodeState.FAILED;
            }
        }
    }

    private static String human(Duration d) {
        return d.toMillis() < 1_000 ? d.toMillis() + " ms" : d.toSeconds() < 120 ? d.toSeconds() + " s" : d.toMinutes() + " min";
    }

    /** Nodes that succeeded in a run, including those it reused from the run it continued. */
    private Set<String> succeededIn(String runId) {
        Run previous = runs.run(runId);
        Set<String> reusedThere = previous.rerunOf() == null ? Set.of() : succeededIn(previous.rerunOf());
        Set<String> out = new java.util.HashSet<>();
        for (RunStore.NodeRun n : runs.nodes(runId)) {
            if (n.state() == NodeState.SUCCEEDED || (n.state() == NodeState.SKIPPED && reusedThere.contains(n.node()))) {
                out.add(n.node());
            }
        }
        return out;
    }


    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
