// SQL workbench: an editor with completion of namespaces, tables and columns; run and cancel; a paged result grid;
// CSV export; a chart builder; saved queries (with their chart) shared inside the platform.
import { useEffect, useMemo, useRef, useState } from '/_static/htm/3.1.1/preact/standalone.module.js';
import { api, cancelQuery, closeCursor } from '../api.js';
import { CHART_TYPES, chartOption, defaultSpec } from '../charts.js';
import { Chart, DataGrid, ErrorBox, Tabs, download, formatNumber, html, toCsv, useAction } from '../components.js';
import { addMessages, t } from '../i18n.js';

addMessages({
  en: {
    'sql.title': 'SQL workbench', 'sql.editor': 'SQL editor', 'sql.run': 'Run', 'sql.runHint': 'Ctrl+Enter runs, Ctrl+Space completes',
    'sql.cancel': 'Cancel', 'sql.namespace': 'Default namespace', 'sql.running': 'Running…', 'sql.cancelled': 'Cancelled.',
    'sql.summary': '{rows} rows in {ms} ms', 'sql.done': 'Done in {ms} ms: {summary}',
    'sql.exportCsv': 'Export CSV', 'sql.results': 'Results', 'sql.chart': 'Chart', 'sql.chartType': 'Chart type',
    'sql.xAxis': 'X axis / category', 'sql.yAxis': 'Values', 'sql.series': 'Series (split by)', 'sql.none': '(none)',
    'sql.saved': 'Saved queries', 'sql.saveAs': 'Save as…', 'sql.save': 'Save', 'sql.queryName': 'Query name',
    'sql.savedOk': 'Saved "{name}".', 'sql.chartOf': 'Chart of the result', 'sql.noResult': 'Run a query to see its result here.',
    'sql.result': 'Query result',
  },
  'zh-CN': {
    'sql.title': 'SQL 工作台', 'sql.editor': 'SQL 编辑器', 'sql.run': '运行', 'sql.runHint': 'Ctrl+Enter 运行，Ctrl+Space 补全',
    'sql.cancel': '取消', 'sql.namespace': '默认命名空间', 'sql.running': '运行中…', 'sql.cancelled': '已取消。',
    'sql.summary': '{rows} 行，用时 {ms} 毫秒', 'sql.done': '完成，用时 {ms} 毫秒：{summary}',
    'sql.exportCsv': '导出 CSV', 'sql.results': '结果', 'sql.chart': '图表', 'sql.chartType': '图表类型',
    'sql.xAxis': 'X 轴 / 类别', 'sql.yAxis': '数值', 'sql.series': '系列（拆分依据）', 'sql.none': '（无）',
    'sql.saved': '已保存的查询', 'sql.saveAs': '另存为…', 'sql.save': '保存', 'sql.queryName': '查询名称',
    'sql.savedOk': '已保存“{name}”。', 'sql.chartOf': '结果图表', 'sql.noResult': '运行查询后在此查看结果。',
    'sql.result': '查询结果',
  },
});

const PAGE_ROWS = 1000;

/** CodeMirror 5 (loaded by index.html) with SQL highlighting and completion from the catalog. */
function Editor({ value, onChange, onRun, tables }) {
  const host = useRef(null);
  const editor = useRef(null);
  const runRef = useRef(onRun);
  runRef.current = onRun;
  useEffect(() => {
    const cm = window.CodeMirror(host.current, {
      value, mode: 'text/x-sql', lineNumbers: true, indentWithTabs: false, smartIndent: true,
      screenReaderLabel: t('sql.editor'), inputStyle: 'contenteditable',
      extraKeys: { 'Ctrl-Enter': () => runRef.current(), 'Cmd-Enter': () => runRef.current(), 'Ctrl-Space': 'autocomplete' },
      hintOptions: { completeSingle: false, tables: {} },
    });
    cm.on('change', () => onChange(cm.getValue()));
    cm.on('inputRead', (instance, change) => {
      if (/^[\w.]$/.test(change.text[0] || '')) instance.showHint({ completeSingle: false });
    });
    editor.current = cm;
  }, []);
  useEffect(() => { editor.current.setOption('hintOptions', { completeSingle: false, tables }); }, [tables]);
  useEffect(() => { if (editor.current.getValue() !== value) editor.current.setValue(value); }, [value]);
  return html`<div class="editor" ref=${host}></div>`;
}

function ChartBuilder({ result, spec, onSpec }) {
  const option = useMemo(() => {
    if (!spec.x || !spec.y || spec.y.length === 0 || spec.type === 'table') return null;
    try { return { option: chartOption(spec, result.columns, result.rows) }; } catch (e) { return { error: e }; }
  }, [spec, result]);
  const names = result.columns.map((c) => c.name);
  const toggleY = (name, on) => onSpec({ ...spec, y: on ? [...spec.y, name] : spec.y.filter((y) => y !== name) });
  return html`<div>
    <div class="toolbar">
      <label>${t('sql.chartType')} <select value=${spec.type} onChange=${(e) => onSpec({ ...spec, type: e.target.value })}>
        ${CHART_TYPES.map((type) => html`<option value=${type}>${t('chart.' + type)}</option>`)}</select></label>
      <label>${t('sql.xAxis')} <select value=${spec.x} onChange=${(e) => onSpec({ ...spec, x: e.target.value })}>
        ${names.map((n) => html`<option value=${n}>${n}</option>`)}</select></label>
      <fieldset class="toolbar"><legend>${t('sql.yAxis')}</legend>
        ${names.filter((n) => n !== spec.x).map((n) => html`<label class="check"><input type="checkbox" checked=${spec.y.includes(n)}
          onChange=${(e) => toggleY(n, e.target.checked)} />${n}</label>`)}</fieldset>
      <label>${t('sql.series')} <select value=${spec.series || ''} onChange=${(e) => onSpec({ ...spec, series: e.target.value || undefined })}>
        <option value="">${t('sql.none')}</option>${names.map((n) => html`<option value=${n}>${n}</option>`)}</select></label>
    </div>
    ${spec.type === 'table' ? html`<${DataGrid} columns=${result.columns} rows=${result.rows} label=${t('sql.result')} />`
      : option && option.error ? html`<${ErrorBox} error=${option.error} />`
      : option ? html`<${Chart} option=${option.option} label=${t('sql.chartOf')} height=${360} />` : null}
  </div>`;
}

function SavedQueries({ current, onOpen, refresh }) {
  const [list, setList] = useState([]);
  const [error, setError] = useState(null);
  useEffect(() => { api('/saved-queries').then(setList, setError); }, [refresh]);
  return html`<label>${t('sql.saved')} <select value=${current ? String(current.id) : ''}
      onChange=${(e) => { const q = list.find((s) => String(s.id) === e.target.value); if (q) onOpen(q); }}>
      <option value="">—</option>${list.map((q) => html`<option value=${String(q.id)}>${q.name}</option>`)}</select></label>
    ${error ? html`<${ErrorBox} error=${error} />` : null}`;
}

function NameForm({ initial, onSave, onCancel }) {
  const [name, setName] = useState(initial);
  const submit = (event) => { event.preventDefault(); if (name.trim()) onSave(name.trim()); };
  return html`<form class="toolbar" onSubmit=${submit}>
    <label>${t('sql.queryName')} <input value=${name} required maxlength="200" onInput=${(e) => setName(e.target.value)} autofocus /></label>
    <button type="submit" class="primary">${t('common.save')}</button>
    <button type="button" onClick=${onCancel}>${t('common.cancel')}</button>
  </form>`;
}

export default function SqlPage({ route }) {
  const [sql, setSql] = useState(route.params.sql || 'SELECT 42 AS answer');
  // the editor's text as of now: a Run right after an edit must not use the text of the last render
  const currentSql = useRef(sql);
  const edit = (text) => { currentSql.current = text; setSql(text); };
  const [namespace, setNamespace] = useState(route.params.namespace || '');
  const [namespaces, setNamespaces] = useState([]);
  const [tables, setTables] = useState({});
  const [result, setResult] = useState(null);
  const [error, setError] = useState(null);
  const [running, setRunning] = useState(null);
  const [tab, setTab] = useState('results');
  const [spec, setSpec] = useState({ type: 'bar', x: '', y: [] });
  const [saved, setSaved] = useState(null);
  const [savedVersion, setSavedVersion] = useState(0);
  const [message, setMessage] = useState('');
  const [naming, setNaming] = useState(false);

  useEffect(() => {
    api('/namespaces').then((list) => setNamespaces(list.map((n) => n.name)), setError);
    api('/catalog/columns').then((list) => {
      const hints = {};
      list.forEach((entry) => { hints[`${entry.namespace}.${entry.table}`] = entry.columns.map((c) => c.name); });
      setTables(hints);
    }, () => {});
  }, []);

  // leaving the page stops a running query and frees the open result's cursor
  const current = useRef({});
  current.current = { running, result };
  useEffect(() => () => {
    const { running: query, result: shown } = current.current;
    if (query) { cancelQuery(query.queryId); query.controller.abort(); }
    closeCursor(shown);
  }, []);

  const run = async () => {
    if (running) return;
    const queryId = crypto.randomUUID();
    const controller = new AbortController();
    setRunning({ queryId, controller });
    setError(null);
    setMessage('');
    closeCursor(result);
    try {
      const response = await api('/sql', { method: 'POST', body: { sql: currentSql.current, namespace: namespace || undefined, maxRows: PAGE_ROWS, queryId },
        signal: controller.signal });
      setResult(response);
      // keep the chart the user built while the new result still has its columns, else start from a guess
      const names = new Set((response.columns || []).map((c) => c.name));
      const fits = spec.x && names.has(spec.x) && spec.y.length > 0 && spec.y.every((y) => names.has(y)) && (!spec.series || names.has(spec.series));
      if (names.size > 0 && !fits) setSpec(defaultSpec(response.columns, response.rows));
    } catch (e) {
      if (e.status === 409 && cancelling.current) setMessage(t('sql.cancelled'));
      else if (e.name !== 'AbortError') setError(e);
    } finally {
      cancelling.current = false;
      setRunning(null);
    }
  };

  /** Asks the server to stop the query; its answer (409 when it was stopped, else its result) then arrives as usual. */
  const cancelling = useRef(false);
  const cancel = () => {
    if (!running) return;
    cancelling.current = true;
    cancelQuery(running.queryId);
  };

  /** Fetches the next page through the result's cursor; the grid pages on into it. */
  const more = async () => {
    const next = await api(`/sql/cursors/${encodeURIComponent(result.cursor)}`, { query: { maxRows: PAGE_ROWS } });
    setResult({ ...result, rows: [...result.rows, ...next.rows], hasMore: next.hasMore, cursor: next.cursor });
  };

  /** Fetches the rest of the result through its cursor, then downloads all of it; paging waits meanwhile. */
  const exporting = useAction();
  const exportCsv = () => exporting.perform(async () => {
    let all = result;
    while (all.hasMore && all.cursor) {
      const next = await api(`/sql/cursors/${encodeURIComponent(all.cursor)}`, { query: { maxRows: 100000 } });
      all = { ...all, rows: [...all.rows, ...next.rows], hasMore: next.hasMore, cursor: next.cursor };
    }
    setResult(all);
    download('result.csv', toCsv(all.columns, all.rows));
  });

  /** Saves the query (and its chart) under name: a new saved query, or the open one when name is not given. */
  const save = async (name) => {
    const body = { name: name || saved.name, sql: currentSql.current, namespace: namespace || null, chart: spec.x && spec.y.length ? spec : null };
    try {
      const stored = name ? await api('/saved-queries', { method: 'POST', body })
        : await api(`/saved-queries/${saved.id}`, { method: 'PUT', body });
      setSaved(stored);
      setSavedVersion((v) => v + 1);
      setNaming(false);
      setMessage(t('sql.savedOk', { name: body.name }));
    } catch (e) {
      setError(e);
    }
  };

  const open = (query) => {
    setSaved(query);
    edit(query.sql);
    setNamespace(query.namespace || '');
    if (query.chart) { setSpec({ y: [], ...query.chart }); setTab('chart'); }
  };

  const hasRows = result && result.columns && result.columns.length > 0;
  return html`<section aria-labelledby="sql-title">
    <h1 id="sql-title">${t('sql.title')}${saved ? html` <span class="muted">· ${saved.name}</span>` : null}</h1>
    <div class="toolbar">
      <${SavedQueries} current=${saved} onOpen=${open} refresh=${savedVersion} />
      <button type="button" onClick=${() => (saved ? save() : setNaming(true))}>${t('sql.save')}</button>
      <button type="button" onClick=${() => setNaming(true)}>${t('sql.saveAs')}</button>
      ${naming ? html`<${NameForm} initial=${saved ? saved.name : ''} onSave=${save} onCancel=${() => setNaming(false)} />` : null}
      <label>${t('sql.namespace')} <select value=${namespace} onChange=${(e) => setNamespace(e.target.value)}>
        <option value="">—</option>${namespaces.map((n) => html`<option value=${n}>${n}</option>`)}</select></label>
    </div>
    <${Editor} value=${sql} onChange=${edit} onRun=${run} tables=${tables} />
    <div class="toolbar">
      <button type="button" class="primary" onClick=${run} disabled=${!!running}>${t('sql.run')}</button>
      <button type="button" onClick=${cancel} disabled=${!running}>${t('sql.cancel')}</button>
      <span class="muted">${t('sql.runHint')}</span>
      <span role="status">${running ? t('sql.running') : message}</span>
    </div>
    <${ErrorBox} error=${error} />
    ${result && !hasRows ? html`<p role="status">${t('sql.done', { ms: result.elapsedMs, summary: result.summary || (result.updateCount ?? '') })}</p>` : null}
    ${hasRows ? html`<div>
      <${Tabs} id="sql" label=${t('sql.result')} tabs=${[{ key: 'results', label: t('sql.results') }, { key: 'chart', label: t('sql.chart') }]}
        selected=${tab} onSelect=${setTab} extra=${html`
          <span class="muted">${t('sql.summary', { rows: formatNumber(result.rows.length) + (result.hasMore ? '+' : ''), ms: result.elapsedMs })}</span>
          <button type="button" onClick=${exportCsv} disabled=${exporting.busy}>${t('sql.exportCsv')}</button>`}>
        <${ErrorBox} error=${exporting.error} />
        ${tab === 'results'
          ? html`<${DataGrid} columns=${result.columns} rows=${result.rows} hasMore=${result.hasMore && !exporting.busy} onMore=${more} label=${t('sql.result')} />`
          : html`<${ChartBuilder} result=${result} spec=${spec} onSpec=${setSpec} />`}
      <//>
    </div>` : !result && !error ? html`<p class="empty">${t('sql.noResult')}</p>` : null}
  </section>`;
}
