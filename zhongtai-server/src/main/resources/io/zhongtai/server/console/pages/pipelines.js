// Pipelines: the list with schedule and last run; one pipeline's DAG coloured by a run's node states, its runs with
// durations, a run's nodes (rows, bytes, errors, logs), and the actions run now, rerun from failed, backfill, pause.
import { useEffect, useMemo, useRef, useState } from '/_static/htm/3.1.1/preact/standalone.module.js';
import { api } from '../api.js';
import { Chart, ErrorBox, Loaded, StateBadge, formatBytes, formatDuration, formatNumber, formatTime, html, stateLabel, useAction, useLoad } from '../components.js';
import { Graph, STATE_COLOURS, tooltipHtml } from '../graph.js';
import { addMessages, t } from '../i18n.js';

addMessages({
  en: {
    'pipelines.title': 'Pipelines', 'pipelines.none': 'No pipeline yet. Apply one with: zhongtai pipeline apply <file.yaml>',
    'pipelines.name': 'Pipeline', 'pipelines.description': 'Description', 'pipelines.schedule': 'Schedule', 'pipelines.nodes': 'Nodes',
    'pipelines.lastRun': 'Last run', 'pipelines.version': 'Version', 'pipelines.updated': 'Updated', 'pipelines.paused': 'paused',
    'pipelines.active': 'active', 'pipelines.status': 'Status', 'pipelines.noSchedule': 'manual only', 'pipelines.back': 'All pipelines',
    'pipelines.dependsOn': 'Depends on', 'pipelines.actions': 'Actions',
    'pipelines.bizdate': 'Business date', 'pipelines.runNow': 'Run now', 'pipelines.queued': 'Queued run {id} for {bizdate}.',
    'pipelines.from': 'From', 'pipelines.to': 'To', 'pipelines.backfill': 'Backfill', 'pipelines.backfillQueued': 'Queued {count} backfill runs.',
    'pipelines.pause': 'Pause', 'pipelines.resume': 'Resume', 'pipelines.pausedOk': 'Paused: scheduled runs will not start.',
    'pipelines.resumedOk': 'Resumed: scheduled runs start again.',
    'pipelines.dag': 'Graph', 'pipelines.dagOf': 'Graph of pipeline {name}: {nodes} nodes, {edges} dependencies, coloured by the state of run {run}',
    'pipelines.dagPlain': 'Graph of pipeline {name}: {nodes} nodes, {edges} dependencies',
    'pipelines.runs': 'Runs', 'pipelines.noRuns': 'This pipeline has not run yet.', 'pipelines.runsChart': 'Durations of the last {count} runs, coloured by state',
    'pipelines.trigger': 'Trigger', 'pipelines.state': 'State', 'pipelines.started': 'Started', 
    'pipelines.duration': 'Duration', 'pipelines.selectRun': 'Show run of {bizdate} ({id})', 'pipelines.queuedAt': 'Queued',
    'pipelines.run': 'Run {id}', 'pipelines.rerun': 'Rerun from failed nodes', 'pipelines.rerunOnlyFailed': 'Only a failed run can be rerun.',
    'pipelines.rerunQueued': 'Queued rerun {id}.', 'pipelines.rerunOf': 'Rerun of', 'pipelines.createdBy': 'Started by',
    'pipelines.polling': 'Refreshing every 2 s while the run is {state}.', 'pipelines.error': 'Error',
    'pipelines.node': 'Node', 'pipelines.kind': 'Kind', 'pipelines.upstream': 'Upstream', 'pipelines.reads': 'Reads', 'pipelines.writes': 'Writes',
    'pipelines.attempts': 'Attempts', 'pipelines.rowsIn': 'Rows in', 'pipelines.rowsOut': 'Rows out', 'pipelines.rowsRejected': 'Rejected',
    'pipelines.bytes': 'Bytes written', 'pipelines.logs': 'Logs', 'pipelines.logsOf': 'Log of node {node}', 'pipelines.allLogs': 'All nodes’ logs',
    'pipelines.logsAll': 'Log of every node', 'pipelines.emptyLog': 'The log is empty.', 'pipelines.hideLog': 'Hide log',
    'pipelines.nodesOfRun': 'Nodes of the run', 'pipelines.nodesTable': 'Nodes',
  },
  'zh-CN': {
    'pipelines.title': '管道', 'pipelines.none': '还没有管道。用以下命令应用一个：zhongtai pipeline apply <文件.yaml>',
    'pipelines.name': '管道', 'pipelines.description': '描述', 'pipelines.schedule': '调度', 'pipelines.nodes': '节点数',
    'pipelines.lastRun': '最近运行', 'pipelines.version': '版本', 'pipelines.updated': '更新时间', 'pipelines.paused': '已暂停',
    'pipelines.active': '已启用', 'pipelines.status': '状态', 'pipelines.noSchedule': '仅手动', 'pipelines.back': '全部管道',
    'pipelines.dependsOn': '依赖', 'pipelines.actions': '操作',
    'pipelines.bizdate': '业务日期', 'pipelines.runNow': '立即运行', 'pipelines.queued': '已为 {bizdate} 排队运行 {id}。',
    'pipelines.from': '从', 'pipelines.to': '到', 'pipelines.backfill': '补数', 'pipelines.backfillQueued': '已排队 {count} 个补数运行。',
    'pipelines.pause': '暂停', 'pipelines.resume': '恢复', 'pipelines.pausedOk': '已暂停：调度的运行不会启动。',
    'pipelines.resumedOk': '已恢复：调度的运行将再次启动。',
    'pipelines.dag': '依赖图', 'pipelines.dagOf': '管道 {name} 的依赖图：{nodes} 个节点，{edges} 条依赖，按运行 {run} 的状态着色',
    'pipelines.dagPlain': '管道 {name} 的依赖图：{nodes} 个节点，{edges} 条依赖',
    'pipelines.runs': '运行记录', 'pipelines.noRuns': '该管道还没有运行过。', 'pipelines.runsChart': '最近 {count} 次运行的耗时，按状态着色',
    'pipelines.trigger': '触发方式', 'pipelines.state': '状态', 'pipelines.started': '开始时间', 
    'pipelines.duration': '耗时', 'pipelines.selectRun': '查看 {bizdate} 的运行（{id}）', 'pipelines.queuedAt': '排队时间',
    'pipelines.run': '运行 {id}', 'pipelines.rerun': '从失败节点重跑', 'pipelines.rerunOnlyFailed': '只有失败的运行可以重跑。',
    'pipelines.rerunQueued': '已排队重跑 {id}。', 'pipelines.rerunOf': '重跑自', 'pipelines.createdBy': '发起人',
    'pipelines.polling': '运行{state}，每 2 秒刷新一次。', 'pipelines.error': '错误',
    'pipelines.node': '节点', 'pipelines.kind': '类型', 'pipelines.upstream': '上游', 'pipelines.reads': '读取', 'pipelines.writes': '写入',
    'pipelines.attempts': '尝试次数', 'pipelines.rowsIn': '输入行数', 'pipelines.rowsOut': '输出行数', 'pipelines.rowsRejected': '拒绝行数',
    'pipelines.bytes': '写入字节', 'pipelines.logs': '日志', 'pipelines.logsOf': '节点 {node} 的日志', 'pipelines.allLogs': '所有节点的日志',
    'pipelines.logsAll': '所有节点的日志', 'pipelines.emptyLog': '日志为空。', 'pipelines.hideLog': '隐藏日志',
    'pipelines.nodesOfRun': '本次运行的节点', 'pipelines.nodesTable': '节点',
  },
});

const ACTIVE = ['queued', 'running'];
const POLL_MS = 2000;

/** yyyy-MM-dd of a local date. */
function isoDate(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function yesterday() {
  const d = new Date();
  d.setDate(d.getDate() - 1);
  return isoDate(d);
}

function seconds(from, to) {
  if (!from) return null;
  return ((to ? new Date(to) : new Date()) - new Date(from)) / 1000;
}

const shortId = (id) => String(id || '').slice(0, 8);
const pipelineHash = (name, params) => {
  const query = new URLSearchParams(Object.entries(params || {}).filter(([, v]) => v)).toString();
  return `#/pipelines/${encodeURIComponent(name)}${query ? '?' + query : ''}`;
};

function PipelineList() {
  const state = useLoad(() => api('/pipelines'), []);
  return html`<section aria-labelledby="pipelines-title">
    <h1 id="pipelines-title">${t('pipelines.title')}</h1>
    <${Loaded} state=${state} render=${({ pipelines }) => pipelines.length === 0 ? html`<p class="empty">${t('pipelines.none')}</p>` : html`
      <div class="panel scroll-x"><table class="list"><thead><tr><th scope="col">${t('pipelines.name')}</th><th scope="col">${t('pipelines.description')}</th>
        <th scope="col">${t('pipelines.schedule')}</th><th scope="col">${t('pipelines.status')}</th><th scope="col">${t('pipelines.nodes')}</th>
        <th scope="col">${t('pipelines.lastRun')}</th><th scope="col">${t('pipelines.version')}</th><th scope="col">${t('pipelines.updated')}</th></tr></thead>
        <tbody>${pipelines.map((p) => html`<tr>
          <th scope="row"><a href=${pipelineHash(p.name)}>${p.name}</a></th><td class="wrap">${p.description || ''}</td>
          <td><code>${p.schedule || t('pipelines.noSchedule')}</code></td>
          <td><span class=${`badge ${p.paused ? 'state-paused' : 'state-ok'}`}>${t(p.paused ? 'pipelines.paused' : 'pipelines.active')}</span></td>
          <td class="num">${formatNumber(p.nodes)}</td>
          <td>${p.lastRunState ? html`<${StateBadge} state=${p.lastRunState} /> <span class="muted">${p.lastRunBizdate || ''}</span>` : t('common.never')}</td>
          <td class="num">${p.version}</td><td>${formatTime(p.updatedAt)}</td></tr>`)}</tbody></table></div>`} />
  </section>`;
}

/** Run now, backfill and pause/resume; reports what happened through onDone(message, newRunId?). */
function Actions({ name, paused, onDone, onError }) {
  const [bizdate, setBizdate] = useState(yesterday());
  const [from, setFrom] = useState(yesterday());
  const [to, setTo] = useState(yesterday());
  const [busy, setBusy] = useState(false);
  const act = async (work) => {
    setBusy(true);
    onError(null);
    try { await work(); } catch (e) { onError(e); } finally { setBusy(false); }
  };
  const path = `/pipelines/${encodeURIComponent(name)}`;
  const runNow = (e) => { e.preventDefault(); act(async () => {
    const run = await api(`${path}/runs`, { method: 'POST', body: { bizdate: bizdate || undefined } });
    onDone(t('pipelines.queued', { id: shortId(run.id), bizdate: run.bizdate }), run.id);
  }); };
  const backfill = (e) => { e.preventDefault(); act(async () => {
    const result = await api(`${path}/backfill`, { method: 'POST', body: { from, to } });
    onDone(t('pipelines.backfillQueued', { count: result.runs.length }), result.runs.length ? result.runs[result.runs.length - 1].id : undefined);
  }); };
  const togglePause = () => act(async () => {
    await api(`${path}/${paused ? 'resume' : 'pause'}`, { method: 'POST' });
    onDone(t(paused ? 'pipelines.resumedOk' : 'pipelines.pausedOk'));
  });
  return html`<div class="panel" role="group" aria-label=${t('pipelines.actions')}>
    <form class="toolbar" onSubmit=${runNow}>
      <label>${t('pipelines.bizdate')} <input type="date" required value=${bizdate} onInput=${(e) => setBizdate(e.target.value)} /></label>
      <button type="submit" class="primary" disabled=${busy}>${t('pipelines.runNow')}</button>
    </form>
    <form class="toolbar" onSubmit=${backfill}>
      <label>${t('pipelines.from')} <input type="date" required value=${from} max=${to} onInput=${(e) => setFrom(e.target.value)} /></label>
      <label>${t('pipelines.to')} <input type="date" required value=${to} min=${from} onInput=${(e) => setTo(e.target.value)} /></label>
      <button type="submit" disabled=${busy}>${t('pipelines.backfill')}</button>
      <button type="button" onClick=${togglePause} disabled=${busy}>${t(paused ? 'pipelines.resume' : 'pipelines.pause')}</button>
    </form>
  </div>`;
}

/** A bar per run (oldest left), its height the duration, its colour the state; the list below has the same facts. */
function RunsChart({ runs }) {
  const option = useMemo(() => {
    const ordered = [...runs].reverse();
    return {
      tooltip: { trigger: 'item', formatter: (p) => tooltipHtml([p.name, `${stateLabel(p.data.state)}: ${formatDuration(p.value)}`]) },
      grid: { left: 60, right: 20, top: 20, bottom: 40 },
      xAxis: { type: 'category', data: ordered.map((r) => `${r.bizdate} ${shortId(r.id)}`), axisLabel: { formatter: (v) => v.split(' ')[0] } },
      yAxis: { type: 'value', name: 's', axisLabel: { formatter: (v) => formatDuration(v) } },
      series: [{ type: 'bar', barMaxWidth: 28, data: ordered.map((r) => ({
        value: Math.max(0, seconds(r.startedAt || r.queuedAt, r.finishedAt) || 0), state: r.state,
        itemStyle: { color: STATE_COLOURS[r.state] || '#1f5fbf' } })) }],
    };
  }, [runs]);
  return html`<${Chart} option=${option} label=${t('pipelines.runsChart', { count: runs.length })} height=${180} />`;
}

function Runs({ name, runs, selected }) {
  if (runs.length === 0) return html`<p class="empty">${t('pipelines.noRuns')}</p>`;
  return html`<div>
    <${RunsChart} runs=${runs} />
    <div class="scroll-x runs-list"><table class="list"><thead><tr><th scope="col">${t('pipelines.bizdate')}</th><th scope="col">${t('pipelines.state')}</th>
      <th scope="col">${t('pipelines.trigger')}</th><th scope="col">${t('pipelines.queuedAt')}</th><th scope="col">${t('pipelines.started')}</th>
      <th scope="col">${t('pipelines.duration')}</th><th scope="col">${t('pipelines.run', { id: '' })}</th></tr></thead>
      <tbody>${runs.map((r) => html`<tr aria-current=${r.id === selected ? 'true' : undefined}>
        <th scope="row">${r.bizdate}</th><td><${StateBadge} state=${r.state} /></td><td>${r.trigger}</td>
        <td>${formatTime(r.queuedAt)}</td><td>${r.startedAt ? formatTime(r.startedAt) : ''}</td>
        <td class="num">${r.startedAt ? formatDuration(seconds(r.startedAt, r.finishedAt)) : ''}</td>
        <td><a href=${pipelineHash(name, { run: r.id })} aria-label=${t('pipelines.selectRun', { bizdate: r.bizdate, id: shortId(r.id) })}
          aria-current=${r.id === selected ? 'page' : undefined}><code>${shortId(r.id)}</code></a></td></tr>`)}</tbody></table></div>
  </div>`;
}

/** One node's log (or every node's with node null); reloaded whenever version changes (each poll of a live run). */
function Log({ runId, node, version, onClose }) {
  const state = useLoad(() => api(`/pipeline-runs/${encodeURIComponent(runId)}/logs`, { query: { node: node || undefined } }), [runId, node, version]);
  const title = node ? t('pipelines.logsOf', { node }) : t('pipelines.logsAll');
  // follow the end of a growing log, unless the reader has scrolled up
  const pre = useRef(null);
  const following = useRef(true);
  useEffect(() => { if (pre.current && following.current) pre.current.scrollTop = pre.current.scrollHeight; }, [state.data]);
  const scrolled = (e) => { following.current = e.target.scrollTop + e.target.clientHeight >= e.target.scrollHeight - 4; };
  return html`<div class="panel" aria-labelledby="pipeline-log-title">
    <div class="toolbar"><h3 id="pipeline-log-title">${title}</h3><button type="button" onClick=${onClose}>${t('pipelines.hideLog')}</button></div>
    ${state.error ? html`<${ErrorBox} error=${state.error} onRetry=${state.reload} />`
      : state.data === undefined ? html`<p class="loading" role="status">${t('common.loading')}</p>`
      : state.data.log ? html`<pre class="log" ref=${pre} tabindex="0" aria-label=${title} onScroll=${scrolled}>${state.data.log}</pre>`
      : html`<p class="empty">${t('pipelines.emptyLog')}</p>`}
  </div>`;
}

/** The selected run: summary, rerun, its nodes with figures and errors, and their logs. */
function RunDetail({ detail, pipelineNodes, version, onRerun, busy }) {
  const [logNode, setLogNode] = useState(undefined);
  const run = detail.run;
  useEffect(() => setLogNode(undefined), [run.id]);
  const byNode = new Map(detail.nodes.map((n) => [n.node, n]));
  const order = [...pipelineNodes.map((n) => n.name), ...detail.nodes.map((n) => n.node).filter((n) => !pipelineNodes.some((p) => p.name === n))];
  const kinds = new Map(pipelineNodes.map((n) => [n.name, n]));
  const failed = run.state === 'failed';
  return html`<div>
    <div class="toolbar">
      <h3 id="pipeline-run-title">${t('pipelines.run', { id: shortId(run.id) })}</h3><${StateBadge} state=${run.state} />
      <span>${t('pipelines.bizdate')}: <strong>${run.bizdate}</strong></span>
      <span class="muted">${t('pipelines.trigger')}: ${run.trigger}</span>
      ${run.rerunOf ? html`<span class="muted">${t('pipelines.rerunOf')}: <a href=${pipelineHash(run.pipeline, { run: run.rerunOf })}><code>${shortId(run.rerunOf)}</code></a></span>` : null}
      <span class="muted">${t('pipelines.started')}: ${run.startedAt ? formatTime(run.startedAt) : '—'}</span>
      ${run.startedAt ? html`<span class="muted">${t('pipelines.duration')}: ${formatDuration(seconds(run.startedAt, run.finishedAt))}</span>` : null}
      ${run.createdBy ? html`<span class="muted">${t('pipelines.createdBy')}: ${run.createdBy}</span>` : null}
    </div>
    <div class="toolbar">
      <button type="button" onClick=${onRerun} disabled=${!failed || busy} aria-describedby=${failed ? undefined : 'pipeline-rerun-hint'}>${t('pipelines.rerun')}</button>
      ${failed ? null : html`<span id="pipeline-rerun-hint" class="muted">${t('pipelines.rerunOnlyFailed')}</span>`}
      <button type="button" onClick=${() => setLogNode(logNode === null ? undefined : null)} aria-pressed=${logNode === null}>${t('pipelines.allLogs')}</button>
      ${ACTIVE.includes(run.state) ? html`<span class="muted" role="status">${t('pipelines.polling', { state: stateLabel(run.state) })}</span>` : null}
    </div>
    ${run.error ? html`<div class="error" role="alert"><strong>${t('pipelines.error')}:</strong> ${run.error}</div>` : null}
    <div class="scroll-x"><table class="list"><caption class="visually-hidden">${t('pipelines.nodesOfRun')}</caption>
      <thead><tr><th scope="col">${t('pipelines.node')}</th><th scope="col">${t('pipelines.kind')}</th><th scope="col">${t('pipelines.upstream')}</th>
        <th scope="col">${t('pipelines.state')}</th><th scope="col">${t('pipelines.attempts')}</th><th scope="col">${t('pipelines.duration')}</th>
        <th scope="col">${t('pipelines.rowsIn')}</th><th scope="col">${t('pipelines.rowsOut')}</th><th scope="col">${t('pipelines.rowsRejected')}</th>
        <th scope="col">${t('pipelines.bytes')}</th><th scope="col">${t('pipelines.error')}</th><th scope="col">${t('pipelines.logs')}</th></tr></thead>
      <tbody>${order.map((name) => {
        const n = byNode.get(name) || { state: 'pending' };
        const spec = kinds.get(name);
        return html`<tr aria-current=${logNode === name ? 'true' : undefined}>
          <th scope="row">${name}</th><td>${spec ? spec.kind : ''}</td><td class="wrap">${spec ? spec.upstream.join(', ') : ''}</td>
          <td><${StateBadge} state=${n.state} /></td><td class="num">${n.attempts ?? ''}</td>
          <td class="num">${n.startedAt ? formatDuration(seconds(n.startedAt, n.finishedAt)) : ''}</td>
          <td class="num">${formatNumber(n.rowsIn)}</td><td class="num">${formatNumber(n.rowsOut)}</td><td class="num">${formatNumber(n.rowsRejected)}</td>
          <td class="num">${formatBytes(n.bytesWritten)}</td><td class="error-text">${n.error || ''}</td>
          <td><button type="button" aria-label=${t('pipelines.logsOf', { node: name })} aria-pressed=${logNode === name}
            onClick=${() => setLogNode(logNode === name ? undefined : name)}>${t('pipelines.logs')}</button></td></tr>`;
      })}</tbody></table></div>
    ${logNode !== undefined ? html`<${Log} runId=${run.id} node=${logNode} version=${version} onClose=${() => setLogNode(undefined)} />` : null}
  </div>`;
}

/**
 * The selected run's detail, polled every 2 s while it is queued or running; polling stops when the run ends, another
 * run is selected or the page is left. onEnded is told when a polled run finishes (to refresh the runs list).
 */
function useRun(runId, onEnded) {
  const [state, setState] = useState({ data: undefined, error: null, version: 0 });
  const ended = useRef(onEnded);
  ended.current = onEnded;
  useEffect(() => {
    if (!runId) { setState({ data: null, error: null, version: 0 }); return undefined; }
    let stopped = false;
    let timer = null;
    let controller = null;
    let wasActive = false;
    setState({ data: undefined, error: null, version: 0 });
    const load = async () => {
      controller = new AbortController();
      try {
        const detail = await api(`/pipeline-runs/${encodeURIComponent(runId)}`, { signal: controller.signal });
        if (stopped) return;
        setState((s) => ({ data: detail, error: null, version: s.version + 1 }));
        const active = ACTIVE.includes(detail.run.state);
        if (active) timer = setTimeout(load, POLL_MS);
        else if (wasActive) ended.current();
        wasActive = active;
      } catch (error) {
        if (stopped || error.name === 'AbortError') return;
        setState((s) => ({ ...s, error }));
        if (wasActive) timer = setTimeout(load, POLL_MS * 2);
      }
    };
    load();
    return () => { stopped = true; clearTimeout(timer); if (controller) controller.abort(); };
  }, [runId]);
  return state;
}

function PipelineDetail({ name, params }) {
  const pipeline = useLoad(() => api(`/pipelines/${encodeURIComponent(name)}`), [name]);
  const runs = useLoad(() => api('/pipeline-runs', { query: { pipeline: name, limit: 50 } }), [name]);
  const [message, setMessage] = useState('');
  const { busy, error, setError, perform } = useAction();
  const runList = runs.data ? runs.data.runs : [];
  const runId = params.run || (runList[0] && runList[0].id) || '';
  const run = useRun(runId, () => { runs.reload(); pipeline.reload(); });
  // a run that is still queued or running also refreshes the list, so its state and duration there stay current
  useEffect(() => { if (run.data && ACTIVE.includes(run.data.run.state)) runs.reload(); }, [run.version]);

  const done = (text, newRunId) => {
    setMessage(text);
    runs.reload();
    pipeline.reload();
    if (newRunId) location.hash = pipelineHash(name, { run: newRunId });
  };
  const rerun = () => perform(async () => {
    const queued = await api(`/pipeline-runs/${encodeURIComponent(runId)}/rerun`, { method: 'POST' });
    done(t('pipelines.rerunQueued', { id: shortId(queued.id) }), queued.id);
  });

  const graph = useMemo(() => {
    if (!pipeline.data) return null;
    const states = new Map(((run.data && run.data.nodes) || []).map((n) => [n.node, n.state]));
    const nodes = pipeline.data.nodes.map((n) => {
      const state = run.data ? states.get(n.name) || 'pending' : null;
      return {
        id: n.name, colour: state ? STATE_COLOURS[state] : undefined,
        tooltip: [`${n.name} (${n.kind})${state ? ' · ' + stateLabel(state) : ''}`, `${t('pipelines.reads')}: ${n.reads.join(', ') || '—'}`,
          `${t('pipelines.writes')}: ${n.writes.join(', ') || '—'}`],
      };
    });
    const edges = pipeline.data.nodes.flatMap((n) => n.upstream.map((u) => ({ source: u, target: n.name })));
    return { nodes, edges, states: run.data ? [...new Set(pipeline.data.nodes.map((n) => states.get(n.name) || 'pending'))] : [] };
  }, [pipeline.data, run.data]);

  return html`<section aria-labelledby="pipeline-title">
    <p><a href="#/pipelines">← ${t('pipelines.back')}</a></p>
    <${Loaded} state=${pipeline} render=${(detail) => {
      const s = detail.summary;
      return html`<div>
        <div class="toolbar"><h1 id="pipeline-title">${s.name}</h1>
          <span class=${`badge ${s.paused ? 'state-paused' : 'state-ok'}`}>${t(s.paused ? 'pipelines.paused' : 'pipelines.active')}</span>
          <span class="muted">${t('pipelines.schedule')}: <code>${s.schedule || t('pipelines.noSchedule')}</code></span>
          <span class="muted">${t('pipelines.version')} ${s.version}</span>
          ${s.dependsOn && s.dependsOn.length ? html`<span class="muted">${t('pipelines.dependsOn')}: ${s.dependsOn.map((d) => html`<a href=${pipelineHash(d)}>${d}</a> `)}</span>` : null}
        </div>
        ${s.description ? html`<p>${s.description}</p>` : null}
        <${Actions} name=${name} paused=${s.paused} onDone=${done} onError=${setError} />
        <p role="status">${message}</p>
        <${ErrorBox} error=${error} />
        <div class="panel"><h2>${t('pipelines.dag')}</h2>
          <${Graph} nodes=${graph.nodes} edges=${graph.edges} label=${run.data
            ? t('pipelines.dagOf', { name, nodes: graph.nodes.length, edges: graph.edges.length, run: shortId(run.data.run.id) })
            : t('pipelines.dagPlain', { name, nodes: graph.nodes.length, edges: graph.edges.length })} />
          ${graph.states.length ? html`<p class="legend muted" aria-hidden="true">${graph.states.map((state) => html`<span class="legend-item">
            <span class="swatch" style=${`background:${STATE_COLOURS[state] || '#1f5fbf'}`}></span>${stateLabel(state)}</span>`)}</p>` : null}
        </div>
        <div class="panel" aria-labelledby="pipeline-run-title">
          ${run.error ? html`<${ErrorBox} error=${run.error} />` : null}
          ${run.data ? html`<${RunDetail} detail=${run.data} pipelineNodes=${detail.nodes} version=${run.version} onRerun=${rerun} busy=${busy} />`
            : run.data === undefined && runId ? html`<p class="loading" role="status">${t('common.loading')}</p>`
            : html`<table class="list"><caption class="visually-hidden">${t('pipelines.nodesTable')}</caption>
              <thead><tr><th scope="col">${t('pipelines.node')}</th><th scope="col">${t('pipelines.kind')}</th><th scope="col">${t('pipelines.upstream')}</th>
                <th scope="col">${t('pipelines.reads')}</th><th scope="col">${t('pipelines.writes')}</th></tr></thead>
              <tbody>${detail.nodes.map((n) => html`<tr><th scope="row">${n.name}</th><td>${n.kind}</td><td>${n.upstream.join(', ')}</td>
                <td>${n.reads.join(', ')}</td><td>${n.writes.join(', ')}</td></tr>`)}</tbody></table>`}
        </div>
      </div>`;
    }} />
    <div class="panel"><h2>${t('pipelines.runs')}</h2>
      <${Loaded} state=${runs} render=${(data) => html`<${Runs} name=${name} runs=${data.runs} selected=${runId} />`} />
    </div>
  </section>`;
}

export default function PipelinesPage({ route }) {
  const name = route.rest[0];
  return name ? html`<${PipelineDetail} key=${name} name=${name} params=${route.params} />` : html`<${PipelineList} />`;
}
