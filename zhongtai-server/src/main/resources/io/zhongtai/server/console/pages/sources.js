// Sources: register a source from its connector's declared options; test, browse, sync into the lakehouse (with
// progress) and delete it; the recent sync jobs of this server.
import { useEffect, useState } from '/_static/htm/3.1.1/preact/standalone.module.js';
import { api } from '../api.js';
import { ErrorBox, Loaded, StateBadge, Tabs, formatNumber, formatTime, html, useAction, useLoad } from '../components.js';
import { addMessages, t } from '../i18n.js';
import { ConfirmButton, Facts, OptionInput, formatIsoDuration, initialOptionValue, optionPayload, optionProblems, useInterval } from '../widgets.js';

addMessages({
  en: {
    'sources.title': 'Sources', 'sources.add': 'Add source', 'sources.list': 'Registered sources', 'sources.none': 'No source is registered yet. Add one to sync its tables into the lakehouse.',
    'sources.name': 'Name', 'sources.description': 'Description', 'sources.created': 'Created',
    'sources.pick': 'Pick a source on the left, or add one.', 'sources.connector': 'Connector type', 'sources.options': 'Options',
    'sources.create': 'Add source', 'sources.creating': 'Adding…', 'sources.created.ok': 'Source "{name}" added.',
    'sources.moreOptions': 'More options ({count})', 'sources.required': '* required',
    'sources.test': 'Test connection', 'sources.testing': 'Testing…', 'sources.reachable': 'Reachable: connected in {ms} ms.',
    'sources.delete': 'Delete', 'sources.confirmDelete': 'Delete source "{name}" and its sync state? Tables already synced stay.',
    'sources.deleteLabel': 'Delete source {name}', 'sources.browse': 'Browse', 'sources.sync': 'Sync', 'sources.status': 'Synced tables',
    'sources.tables': 'Tables', 'sources.noTables': 'No tables found.', 'sources.noNamespace': '(no namespace)',
    'sources.columns': 'Columns of {table}', 'sources.column': 'Column', 'sources.columnType': 'Type', 'sources.sourceType': 'Source type',
    'sources.nullable': 'Nullable', 'sources.primaryKey': 'Primary key', 'sources.yes': 'yes', 'sources.no': 'no',
    'sources.pickTable': 'Pick a table to see its columns.', 'sources.allTables': 'All tables', 'sources.pickTables': 'Tables to sync',
    'sources.sourceNamespace': 'Source namespace', 'sources.mode': 'Mode', 'sources.mode.full': 'Full (replace)',
    'sources.mode.incremental': 'Incremental (new rows by cursor column)', 'sources.cursor': 'Cursor column (incremental)',
    'sources.into': 'Target namespace', 'sources.start': 'Start sync', 'sources.starting': 'Starting…', 'sources.noneChosen': 'Choose at least one table, or "All tables".',
    'sources.job': 'Sync job {id}', 'sources.progress': 'Sync progress', 'sources.rowsRead': 'Rows read', 'sources.commits': 'Commits',
    'sources.attempts': 'Attempts', 'sources.elapsed': 'Elapsed', 'sources.state': 'State', 'sources.stop': 'Stop',
    'sources.result': 'Result: {status}, {rows} rows in {duration}', 'sources.sourceTable': 'Source table', 'sources.targetTable': 'Lakehouse table',
    'sources.rows': 'Rows', 'sources.tableStatus': 'Status', 'sources.error': 'Error', 
    'sources.jobs': 'Recent sync jobs', 'sources.noJobs': 'No sync has run on this server since it started.', 'sources.started': 'Started',
    'sources.source': 'Source', 'sources.watch': 'Show', 'sources.watchLabel': 'Show sync job {id}', 'sources.position': 'Position',
    'sources.lastCommit': 'Last commit', 'sources.noStatus': 'No table of this source has been synced yet.', 
    'sources.secretsNote': 'Secret options are stored encrypted and never shown again.',
  },
  'zh-CN': {
    'sources.title': '数据源', 'sources.add': '添加数据源', 'sources.list': '已注册的数据源', 'sources.none': '尚未注册数据源。添加一个即可将其表同步到湖仓。',
    'sources.name': '名称', 'sources.description': '描述', 'sources.created': '创建时间',
    'sources.pick': '在左侧选择一个数据源，或添加一个。', 'sources.connector': '连接器类型', 'sources.options': '选项',
    'sources.create': '添加数据源', 'sources.creating': '添加中…', 'sources.created.ok': '已添加数据源“{name}”。',
    'sources.moreOptions': '更多选项（{count}）', 'sources.required': '* 必填',
    'sources.test': '测试连接', 'sources.testing': '测试中…', 'sources.reachable': '可以连接：用时 {ms} 毫秒。',
    'sources.delete': '删除', 'sources.confirmDelete': '删除数据源“{name}”及其同步状态？已同步的表会保留。',
    'sources.deleteLabel': '删除数据源 {name}', 'sources.browse': '浏览', 'sources.sync': '同步', 'sources.status': '已同步的表',
    'sources.tables': '表', 'sources.noTables': '没有找到表。', 'sources.noNamespace': '（无命名空间）',
    'sources.columns': '{table} 的列', 'sources.column': '列', 'sources.columnType': '类型', 'sources.sourceType': '源类型',
    'sources.nullable': '可为空', 'sources.primaryKey': '主键', 'sources.yes': '是', 'sources.no': '否',
    'sources.pickTable': '选择一个表以查看其列。', 'sources.allTables': '所有表', 'sources.pickTables': '要同步的表',
    'sources.sourceNamespace': '源命名空间', 'sources.mode': '模式', 'sources.mode.full': '全量（替换）',
    'sources.mode.incremental': '增量（按游标列取新行）', 'sources.cursor': '游标列（增量）',
    'sources.into': '目标命名空间', 'sources.start': '开始同步', 'sources.starting': '启动中…', 'sources.noneChosen': '请至少选择一个表，或选择“所有表”。',
    'sources.job': '同步作业 {id}', 'sources.progress': '同步进度', 'sources.rowsRead': '已读行数', 'sources.commits': '提交次数',
    'sources.attempts': '尝试次数', 'sources.elapsed': '已用时间', 'sources.state': '状态', 'sources.stop': '停止',
    'sources.result': '结果：{status}，{rows} 行，用时 {duration}', 'sources.sourceTable': '源表', 'sources.targetTable': '湖仓表',
    'sources.rows': '行数', 'sources.tableStatus': '状态', 'sources.error': '错误', 
    'sources.jobs': '最近的同步作业', 'sources.noJobs': '本服务器启动以来还没有运行过同步。', 'sources.started': '开始时间',
    'sources.source': '数据源', 'sources.watch': '查看', 'sources.watchLabel': '查看同步作业 {id}', 'sources.position': '位置',
    'sources.lastCommit': '最后提交', 'sources.noStatus': '此数据源还没有同步过任何表。', 
    'sources.secretsNote': '机密选项加密保存，之后不再显示。',
  },
});

const enc = encodeURIComponent;
const RUNNING = ['running', 'retrying', 'stopping', 'queued'];
const isRunning = (job) => job && RUNNING.includes(String(job.state).toLowerCase());
/** A finished job's own duration (its elapsed keeps counting on the server), else the time since it started. */
const jobTime = (job) => formatIsoDuration(!isRunning(job) && job.result ? job.result.duration : job.elapsed);
const tableName = (id) => (id.namespace ? `${id.namespace}.${id.name}` : id.name);

function dataTypeText(type) {
  if (!type || typeof type !== 'object') return type ?? '';
  const kind = String(type.kind || '');
  if (kind === 'DECIMAL') return `DECIMAL(${type.precision}, ${type.scale})`;
  if (type.element) return `${kind}<${dataTypeText(type.element)}>`;
  return kind;
}

function AddSourceForm({ onCreated, initialType }) {
  const connectors = useLoad(() => api('/connectors'), []);
  const [name, setName] = useState('');
  const [type, setType] = useState(initialType || '');
  const [description, setDescription] = useState('');
  const [values, setValues] = useState({});
  const { busy, error, perform } = useAction();
  const list = connectors.data || [];
  const connector = list.find((c) => c.name === type);
  useEffect(() => {
    if (!type && list.length > 0) setType(list.some((c) => c.name === 'file') ? 'file' : list[0].name);
  }, [connectors.data]);
  useEffect(() => {
    if (connector) setValues(Object.fromEntries(connector.options.map((o) => [o.name, initialOptionValue(o)])));
  }, [connector && connector.name]);

  const submit = async (event) => {
    event.preventDefault();
    await perform(async () => {
      const { options, secrets } = optionPayload(connector.options, values);
      const created = await api('/sources', { method: 'POST', body: { name: name.trim(), type, options, secrets, description: description.trim() || undefined } });
      onCreated(created);
    });
  };

  const problems = error && error.status === 400 && connector ? optionProblems(error.message, connector.options.map((o) => o.name)) : {};
  const option = (o) => html`<${OptionInput} key=${o.name} option=${o} value=${values[o.name] ?? ''} idPrefix="source-option" problem=${problems[o.name]}
    onChange=${(v) => setValues({ ...values, [o.name]: v })} />`;
  const required = connector ? connector.options.filter((o) => o.required) : [];
  const optional = connector ? connector.options.filter((o) => !o.required) : [];
  return html`<div class="panel">
    <h2 id="add-source-title">${t('sources.add')}</h2>
    <${Loaded} state=${connectors} render=${() => html`
      <form class="fields" onSubmit=${submit} aria-labelledby="add-source-title">
        <label for="source-name">${t('sources.name')} <span aria-hidden="true">*</span></label>
        <input id="source-name" required pattern="[A-Za-z][A-Za-z0-9_\\-]*" value=${name} onInput=${(e) => setName(e.target.value)} autocomplete="off" />
        <label for="source-type">${t('sources.connector')}</label>
        <div class="option"><select id="source-type" value=${type} onChange=${(e) => setType(e.target.value)} aria-describedby="source-type-doc">
          ${list.map((c) => html`<option value=${c.name}>${c.name}</option>`)}</select>
          <div class="muted small" id="source-type-doc">${connector ? connector.description : ''}</div></div>
        <label for="source-description">${t('sources.description')}</label>
        <input id="source-description" value=${description} onInput=${(e) => setDescription(e.target.value)} />
        ${required.map(option)}
        ${optional.length > 0 ? html`<details class="span-all" open=${required.length === 0 || optional.some((o) => problems[o.name])}>
          <summary>${t('sources.moreOptions', { count: optional.length })}</summary>
          <div class="fields">${optional.map(option)}</div></details>` : null}
        <div class="actions">
          <button type="submit" class="primary" disabled=${busy || !connector || !name.trim()}>${busy ? t('sources.creating') : t('sources.create')}</button>
          <span class="muted">${t('sources.required')}${connector && connector.options.some((o) => o.secret) ? ` · ${t('sources.secretsNote')}` : ''}</span>
        </div>
        <div class="span-all"><${ErrorBox} error=${error} /></div>
      </form>`} />
  </div>`;
}

function TestConnection({ name }) {
  const [state, setState] = useState(null);
  const test = async () => {
    setState({ busy: true });
    try {
      setState({ result: await api(`/sources/${enc(name)}/test`, { method: 'POST' }) });
    } catch (e) {
      setState({ error: e });
    }
  };
  return html`<button type="button" onClick=${test} disabled=${state && state.busy}>${t('sources.test')}</button>
    <span role="status">${state && state.busy ? t('sources.testing') : state && state.result
      ? html`<span class="badge state-ok">${t('sources.reachable', { ms: formatNumber(state.result.millis) })}</span>` : null}</span>
    ${state && state.error ? html`<div class="span-all"><${ErrorBox} error=${state.error} /></div>` : null}`;
}

/** Namespaces -> tables -> columns of a source. A source without namespaces (files, topics) lists its tables at once. */
function Browse({ name }) {
  const namespaces = useLoad(() => api(`/sources/${enc(name)}/namespaces`), [name]);
  const [open, setOpen] = useState({});
  const [table, setTable] = useState(null);
  const flat = namespaces.data && namespaces.data.length === 1 && namespaces.data[0] === '';
  return html`<div class="split">
    <aside class="tree" aria-label=${t('sources.tables')}>
      <${Loaded} state=${namespaces} empty=${(list) => list.length === 0} render=${(list) => flat
        ? html`<${TableList} name=${name} namespace="" selected=${table} onSelect=${setTable} />`
        : html`<ul>${list.map((ns) => html`<li>
            <button type="button" class="link" aria-expanded=${!!open[ns]} onClick=${() => setOpen({ ...open, [ns]: !open[ns] })}>
              ${open[ns] ? '▾' : '▸'} ${ns || t('sources.noNamespace')}</button>
            ${open[ns] ? html`<${TableList} name=${name} namespace=${ns} selected=${table} onSelect=${setTable} />` : null}</li>`)}</ul>`} />
    </aside>
    <div>${table ? html`<${Columns} key=${table} name=${name} table=${table} />` : html`<p class="empty">${t('sources.pickTable')}</p>`}</div>
  </div>`;
}

function tablesOf(name, namespace) {
  return api(namespace ? `/sources/${enc(name)}/namespaces/${enc(namespace)}/tables` : `/sources/${enc(name)}/tables`);
}

function TableList({ name, namespace, selected, onSelect }) {
  const tables = useLoad(() => tablesOf(name, namespace), [name, namespace]);
  return html`<${Loaded} state=${tables} render=${(list) => (list.length === 0 ? html`<p class="empty">${t('sources.noTables')}</p>`
    : html`<ul>${list.map((id) => { const full = tableName(id); return html`<li><button type="button" class="link"
        aria-current=${selected === full ? 'true' : undefined} onClick=${() => onSelect(full)}>${id.name}</button></li>`; })}</ul>`)} />`;
}

function Columns({ name, table }) {
  const schema = useLoad(() => api(`/sources/${enc(name)}/tables/${enc(table)}`), [name, table]);
  return html`<${Loaded} state=${schema} render=${(s) => html`
    <h3>${t('sources.columns', { table })}</h3>
    <table class="list"><thead><tr><th scope="col">${t('sources.column')}</th><th scope="col">${t('sources.columnType')}</th>
      <th scope="col">${t('sources.sourceType')}</th><th scope="col">${t('sources.nullable')}</th><th scope="col">${t('sources.primaryKey')}</th></tr></thead>
      <tbody>${s.columns.map((c) => html`<tr><td>${c.name}</td><td>${dataTypeText(c.type)}</td><td>${c.sourceType || ''}</td>
        <td>${c.nullable ? t('sources.yes') : t('sources.no')}</td><td>${(s.primaryKey || []).includes(c.name) ? t('sources.yes') : ''}</td></tr>`)}</tbody>
    </table>`} />`;
}

function SyncForm({ name, onStarted }) {
  const namespaces = useLoad(() => api(`/sources/${enc(name)}/namespaces`), [name]);
  const targets = useLoad(() => api('/namespaces'), []);
  const [namespace, setNamespace] = useState(null);
  const [all, setAll] = useState(true);
  const [chosen, setChosen] = useState([]);
  const [mode, setMode] = useState('full');
  const [cursor, setCursor] = useState('');
  const [into, setInto] = useState('ods');
  const { busy, error, setError, perform } = useAction();
  const nsList = namespaces.data || [];
  const ns = namespace ?? (nsList.length > 0 ? nsList[0] : null);
  const tables = useLoad(() => (ns === null || all ? Promise.resolve([]) : tablesOf(name, ns)), [name, ns, all]);
  const toggle = (full, on) => setChosen(on ? [...chosen, full] : chosen.filter((c) => c !== full));

  const submit = async (event) => {
    event.preventDefault();
    if (!all && chosen.length === 0) { setError(new Error(t('sources.noneChosen'))); return; }
    await perform(async () => {
      const body = { source: name, mode, into: into.trim() || undefined, cursor: mode === 'incremental' && cursor.trim() ? cursor.trim() : undefined };
      if (all) body.all = true; else body.tables = chosen;
      onStarted(await api('/syncs', { method: 'POST', body }));
    });
  };

  return html`<form class="fields" onSubmit=${submit} aria-label=${t('sources.sync')}>
    <span>${t('sources.pickTables')}</span>
    <div>
      <label class="check"><input type="checkbox" checked=${all} onChange=${(e) => setAll(e.target.checked)} />${t('sources.allTables')}</label>
      ${all ? null : namespaces.error ? html`<${ErrorBox} error=${namespaces.error} onRetry=${namespaces.reload} />` : html`
        ${nsList.length > 1 || (nsList.length === 1 && nsList[0] !== '') ? html`<label>${t('sources.sourceNamespace')} <select value=${ns}
          onChange=${(e) => setNamespace(e.target.value)}>${nsList.map((n) => html`<option value=${n}>${n || t('sources.noNamespace')}</option>`)}</select></label>` : null}
        <${Loaded} state=${tables} render=${(list) => (list.length === 0 ? html`<p class="empty">${t('sources.noTables')}</p>`
          : html`<fieldset class="table-picks"><legend class="visually-hidden">${t('sources.pickTables')}</legend>
            ${list.map((id) => { const full = tableName(id); return html`<label class="check"><input type="checkbox" checked=${chosen.includes(full)}
              onChange=${(e) => toggle(full, e.target.checked)} />${full}</label>`; })}</fieldset>`)} />
        ${chosen.length > 0 ? html`<p class="muted">${chosen.join(', ')}</p>` : null}`}
    </div>
    <label for="sync-mode">${t('sources.mode')}</label>
    <select id="sync-mode" value=${mode} onChange=${(e) => setMode(e.target.value)}>
      <option value="full">${t('sources.mode.full')}</option><option value="incremental">${t('sources.mode.incremental')}</option></select>
    ${mode === 'incremental' ? html`<label for="sync-cursor">${t('sources.cursor')}</label>
      <input id="sync-cursor" value=${cursor} onInput=${(e) => setCursor(e.target.value)} />` : null}
    <label for="sync-into">${t('sources.into')}</label>
    <div><input id="sync-into" list="sync-into-list" value=${into} onInput=${(e) => setInto(e.target.value)} />
      <datalist id="sync-into-list">${(targets.data || []).map((n) => html`<option value=${n.name} />`)}</datalist></div>
    <div class="actions"><button type="submit" class="primary" disabled=${busy}>${busy ? t('sources.starting') : t('sources.start')}</button></div>
    <div class="span-all"><${ErrorBox} error=${error} /></div>
  </form>`;
}

/** Watches one sync job (polling every second while it runs): state, rows read, commits, then its result or error. */
function SyncProgress({ id, initial, onFinished }) {
  const [job, setJob] = useState(initial || null);
  const [error, setError] = useState(null);
  // jobs live in the server's memory: one it no longer knows (404, after a restart) is not polled again
  const [lost, setLost] = useState(false);
  const poll = () => api(`/syncs/${enc(id)}`).then((j) => {
    setJob(j);
    setError(null);
    if (!isRunning(j) && onFinished) onFinished(j);
  }, (e) => { setError(e); if (e.status === 404) setLost(true); });
  useEffect(() => { if (!initial) poll(); }, [id]);
  useInterval(poll, !lost && (!job || isRunning(job)) ? 1000 : 0);
  const stop = () => api(`/syncs/${enc(id)}`, { method: 'DELETE' }).then(setJob, setError);
  if (!job) return html`<${Loaded} state=${{ error, reload: poll }} render=${() => null} />`;
  const running = isRunning(job);
  const result = job.result;
  return html`<div class="panel sync-progress" aria-labelledby=${`job-${id}`}>
    <h3 id=${`job-${id}`}>${t('sources.job', { id })} <${StateBadge} state=${job.state} /></h3>
    <div class="toolbar">
      ${running ? html`<progress aria-label=${t('sources.progress')}></progress>`
        : html`<progress aria-label=${t('sources.progress')} value="1" max="1"></progress>`}
      <span role="status">${t('sources.rowsRead')}: <strong>${formatNumber(job.rowsRead)}</strong> · ${t('sources.commits')}: <strong>${formatNumber(job.commits)}</strong>
        · ${t('sources.attempts')}: ${job.attempts} · ${t('sources.elapsed')}: ${jobTime(job)}</span>
      ${running ? html`<button type="button" onClick=${stop} disabled=${job.state === 'stopping'}>${t('sources.stop')}</button>` : null}
    </div>
    <${ErrorBox} error=${error} />
    ${job.error ? html`<${ErrorBox} error=${new Error(job.error)} />` : null}
    ${result ? html`<p>${t('sources.result', { status: result.status, rows: formatNumber(result.rows), duration: formatIsoDuration(result.duration) })}</p>
      <${SyncTables} tables=${result.tables || []} />` : null}
  </div>`;
}

function SyncTables({ tables }) {
  if (tables.length === 0) return null;
  return html`<table class="list"><thead><tr><th scope="col">${t('sources.sourceTable')}</th><th scope="col">${t('sources.targetTable')}</th>
    <th scope="col">${t('sources.rows')}</th><th scope="col">${t('sources.tableStatus')}</th>
    <th scope="col">${t('sources.error')}</th></tr></thead>
    <tbody>${tables.map((r) => html`<tr><td>${r.sourceTable}</td><td><a href=${`#/catalog/${enc(r.targetTable)}`}>${r.targetTable}</a></td>
      <td class="num">${formatNumber(r.rows)}</td><td><${StateBadge} state=${r.status} /></td>
      <td class="wrap">${r.error || ''}</td></tr>`)}</tbody></table>`;
}

function SyncStatus({ name, version }) {
  const status = useLoad(() => api(`/sources/${enc(name)}/status`), [name, version]);
  return html`<${Loaded} state=${status} render=${(list) => (list.length === 0 ? html`<p class="empty">${t('sources.noStatus')}</p>`
    : html`<table class="list"><thead><tr><th scope="col">${t('sources.sourceTable')}</th><th scope="col">${t('sources.targetTable')}</th>
      <th scope="col">${t('sources.mode')}</th><th scope="col">${t('sources.position')}</th><th scope="col">${t('sources.rows')}</th>
      <th scope="col">${t('sources.lastCommit')}</th></tr></thead>
      <tbody>${list.map((s) => html`<tr><td>${s.sourceTable}</td>
        <td><a href=${`#/catalog/${enc(s.targetTable)}`}>${s.targetTable}</a></td>
        <td>${s.mode}</td><td class="wrap">${s.position ?? ''}</td><td class="num">${formatNumber(s.rowsSynced)}</td>
        <td>${formatTime(s.syncedAt)}</td></tr>`)}</tbody></table>`)} />`;
}

function SourceDetail({ name, onDeleted, onJobsChanged }) {
  const info = useLoad(() => api(`/sources/${enc(name)}`), [name]);
  const [tab, setTab] = useState('sync');
  const [job, setJob] = useState(null);
  const [statusVersion, setStatusVersion] = useState(0);
  const [error, setError] = useState(null);
  const remove = async () => {
    setError(null);
    try {
      await api(`/sources/${enc(name)}`, { method: 'DELETE' });
      onDeleted(name);
    } catch (e) {
      setError(e);
    }
  };
  const tabs = [['sync', 'sources.sync'], ['browse', 'sources.browse'], ['status', 'sources.status']];
  return html`<${Loaded} state=${info} render=${(s) => html`<div class="panel">
    <h2>${s.name} <span class="badge">${s.type}</span></h2>
    ${s.description ? html`<p>${s.description}</p>` : null}
    <div class="toolbar">
      <${TestConnection} key=${name} name=${name} />
      <${ConfirmButton} question=${t('sources.confirmDelete', { name })} action=${remove} label=${t('sources.deleteLabel', { name })}>${t('sources.delete')}<//>
    </div>
    <${ErrorBox} error=${error} />
    <details><summary>${t('sources.options')}</summary>
      <${Facts} label=${t('sources.options')} facts=${[...Object.entries(s.options || {}),
        [t('sources.created'), `${formatTime(s.createdAt)}${s.createdBy ? ` · ${s.createdBy}` : ''}`]]} /></details>
    <${Tabs} id="source" label=${name} tabs=${tabs.map(([key, label]) => ({ key, label: t(label) }))} selected=${tab} onSelect=${setTab}>
      ${tab === 'browse' ? html`<${Browse} name=${name} />` : null}
      ${tab === 'sync' ? html`<${SyncForm} name=${name} onStarted=${(j) => { setJob(j); onJobsChanged(); }} />
        ${job ? html`<${SyncProgress} key=${job.id} id=${job.id} initial=${job}
          onFinished=${() => { onJobsChanged(); setStatusVersion((v) => v + 1); }} />` : null}` : null}
      ${tab === 'status' ? html`<${SyncStatus} name=${name} version=${statusVersion} />` : null}
    <//>
  </div>`} />`;
}

function SyncJobs({ version, onShow }) {
  const jobs = useLoad(() => api('/syncs'), [version]);
  useInterval(jobs.reload, (jobs.data || []).some(isRunning) ? 2000 : 0);
  return html`<div class="panel">
    <div class="toolbar"><h2>${t('sources.jobs')}</h2><button type="button" onClick=${jobs.reload}>${t('common.refresh')}</button></div>
    <${Loaded} state=${jobs} render=${(list) => (list.length === 0 ? html`<p class="empty">${t('sources.noJobs')}</p>` : html`<div class="table-scroll"><table class="list">
      <thead><tr><th scope="col">ID</th><th scope="col">${t('sources.source')}</th><th scope="col">${t('sources.mode')}</th>
        <th scope="col">${t('sources.state')}</th><th scope="col">${t('sources.rowsRead')}</th><th scope="col">${t('sources.commits')}</th>
        <th scope="col">${t('sources.started')}</th><th scope="col">${t('sources.elapsed')}</th><th scope="col"><span class="visually-hidden">${t('sources.watch')}</span></th></tr></thead>
      <tbody>${list.map((j) => html`<tr><td>${j.id}</td><td><a href=${`#/sources/${enc(j.source)}`}>${j.source}</a></td><td>${j.mode}</td>
        <td><${StateBadge} state=${j.state} /></td><td class="num">${formatNumber(j.rowsRead)}</td><td class="num">${formatNumber(j.commits)}</td>
        <td>${formatTime(j.startedAt)}</td><td>${jobTime(j)}</td>
        <td><button type="button" aria-label=${t('sources.watchLabel', { id: j.id })} onClick=${() => onShow(j)}>${t('sources.watch')}</button></td></tr>`)}</tbody>
    </table></div>`)} />
  </div>`;
}

export default function SourcesPage({ route }) {
  const [version, setVersion] = useState(0);
  const [jobsVersion, setJobsVersion] = useState(0);
  const [shownJob, setShownJob] = useState(null);
  const [message, setMessage] = useState('');
  const sources = useLoad(() => api('/sources'), [version]);
  const selected = route.rest[0] || null;
  const adding = 'new' in route.params || (!selected && sources.data && sources.data.length === 0);
  const created = (source) => {
    setMessage(t('sources.created.ok', { name: source.name }));
    setVersion((v) => v + 1);
    location.hash = `#/sources/${enc(source.name)}`;
  };
  const deleted = () => { setVersion((v) => v + 1); location.hash = '#/sources'; };
  return html`<section aria-labelledby="sources-title">
    <h1 id="sources-title">${t('sources.title')}</h1>
    <div class="split">
      <aside aria-label=${t('sources.list')}>
        <div class="toolbar"><a class="button" href="#/sources?new" aria-current=${adding ? 'page' : undefined}>${t('sources.add')}</a></div>
        <${Loaded} state=${sources} render=${(list) => (list.length === 0 ? html`<p class="empty">${t('sources.none')}</p>`
          : html`<ul class="nav-list">${list.map((s) => html`<li><a href=${`#/sources/${enc(s.name)}`}
              aria-current=${selected === s.name ? 'page' : undefined}>${s.name}</a> <span class="badge">${s.type}</span>
              ${s.description ? html`<div class="muted small">${s.description}</div>` : null}</li>`)}</ul>`)} />
      </aside>
      <div>
        <p role="status" class="muted status-line">${message}</p>
        ${adding ? html`<${AddSourceForm} onCreated=${created} initialType=${route.params.new || ''} />`
          : selected ? html`<${SourceDetail} key=${selected} name=${selected} onDeleted=${deleted} onJobsChanged=${() => setJobsVersion((v) => v + 1)} />`
          : html`<p class="empty">${t('sources.pick')}</p>`}
        ${shownJob ? html`<${SyncProgress} key=${shownJob.id} id=${shownJob.id} initial=${shownJob} onFinished=${() => setJobsVersion((v) => v + 1)} />` : null}
        <${SyncJobs} version=${jobsVersion} onShow=${setShownJob} />
      </div>
    </div>
  </section>`;
}
