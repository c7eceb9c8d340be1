// Catalog: namespaces and their tables; for a table its schema, partitions, snapshots (with a time-travel preview),
// files, column lineage upstream and downstream, and an editable About panel (owner, description, tags).
import { useEffect, useMemo, useState } from '/_static/htm/3.1.1/preact/standalone.module.js';
import { api, tablePath } from '../api.js';
import { Cards, DataGrid, ErrorBox, Loaded, Tabs, formatBytes, formatNumber, formatTime, html, useLoad } from '../components.js';
import { Graph } from '../graph.js';
import { addMessages, t } from '../i18n.js';

addMessages({
  en: {
    'catalog.title': 'Catalog', 'catalog.tree': 'Namespaces and tables', 'catalog.filter': 'Filter tables',
    'catalog.pick': 'Choose a table on the left to see its schema, history, files and lineage.',
    'catalog.noTables': 'No tables.', 'catalog.noMatch': 'No table matches "{filter}".', 'catalog.querySql': 'Query in SQL',
    'catalog.tabs': 'Table details', 'catalog.tab.schema': 'Schema', 'catalog.tab.partitions': 'Partitions',
    'catalog.tab.snapshots': 'Snapshots', 'catalog.tab.files': 'Files', 'catalog.tab.lineage': 'Lineage', 'catalog.tab.about': 'About',
    'catalog.rows': 'Rows', 'catalog.bytes': 'Stored', 'catalog.dataFiles': 'Data files', 'catalog.snapshotCount': 'Snapshots',
    'catalog.lastUpdated': 'Last updated', 'catalog.position': '#', 'catalog.column': 'Column', 'catalog.type': 'Type',
    'catalog.nullable': 'Nullable', 'catalog.comment': 'Comment', 'catalog.yes': 'yes', 'catalog.no': 'no',
    'catalog.partitionBy': 'Partitioned by', 'catalog.unpartitioned': 'Not partitioned', 'catalog.properties': 'Table properties',
    'catalog.property': 'Property', 'catalog.value': 'Value', 'catalog.location': 'Location', 'catalog.formatVersion': 'Iceberg format version',
    'catalog.partition': 'Partition', 'catalog.files': 'Files', 'catalog.noPartitions': 'The current snapshot has no data.',
    'catalog.wholeTable': '(whole table)',
    'catalog.snapshot': 'Snapshot', 'catalog.committedAt': 'Committed', 'catalog.operation': 'Operation', 'catalog.addedRows': 'Rows added',
    'catalog.totalRows': 'Total rows', 'catalog.refs': 'Branches and tags', 'catalog.current': 'current', 'catalog.preview': 'Preview',
    'catalog.previewOf': 'Preview snapshot {id}', 'catalog.previewTitle': 'Table as of snapshot {id} ({time})',
    'catalog.previewGrid': 'Rows of snapshot {id}', 'catalog.closePreview': 'Close preview', 'catalog.noSnapshots': 'The table has no snapshots yet.',
    'catalog.by': 'By',
    'catalog.path': 'Path', 'catalog.fileStats': 'File statistics', 'catalog.smallest': 'Smallest file', 'catalog.largest': 'Largest file',
    'catalog.average': 'Average file size', 'catalog.rowsPerFile': 'Rows per file', 'catalog.noFiles': 'The current snapshot has no data files.',
    'catalog.filesGrid': 'Data files of the current snapshot',
    'catalog.lineageColumn': 'Column', 
    'catalog.graphOf': 'Lineage graph of {target}: {nodes} columns, {edges} edges', 'catalog.edges': 'Lineage edges',
    'catalog.source': 'Source', 'catalog.target': 'Target', 'catalog.pipeline': 'Pipeline', 'catalog.node': 'Node', 'catalog.kind': 'Kind',
    'catalog.direction': 'Direction', 'catalog.dir.upstream': 'upstream', 'catalog.dir.downstream': 'downstream',
    'catalog.noLineage': 'No pipeline reads or writes {target}.',
    'catalog.owner': 'Owner', 'catalog.description': 'Description', 'catalog.tags': 'Tags', 'catalog.tagsHint': 'Comma-separated',
    'catalog.edit': 'Edit', 'catalog.saved': 'Saved.', 'catalog.saving': 'Saving…',
    'catalog.none': '—',
  },
  'zh-CN': {
    'catalog.title': '数据目录', 'catalog.tree': '命名空间与表', 'catalog.filter': '筛选表',
    'catalog.pick': '在左侧选择一张表，查看其结构、历史、文件和血缘。',
    'catalog.noTables': '没有表。', 'catalog.noMatch': '没有与“{filter}”匹配的表。', 'catalog.querySql': '在 SQL 工作台中查询',
    'catalog.tabs': '表详情', 'catalog.tab.schema': '表结构', 'catalog.tab.partitions': '分区',
    'catalog.tab.snapshots': '快照', 'catalog.tab.files': '文件', 'catalog.tab.lineage': '血缘', 'catalog.tab.about': '说明',
    'catalog.rows': '行数', 'catalog.bytes': '存储量', 'catalog.dataFiles': '数据文件', 'catalog.snapshotCount': '快照数',
    'catalog.lastUpdated': '最后更新', 'catalog.position': '序号', 'catalog.column': '列', 'catalog.type': '类型',
    'catalog.nullable': '可为空', 'catalog.comment': '注释', 'catalog.yes': '是', 'catalog.no': '否',
    'catalog.partitionBy': '分区方式', 'catalog.unpartitioned': '未分区', 'catalog.properties': '表属性',
    'catalog.property': '属性', 'catalog.value': '值', 'catalog.location': '存储位置', 'catalog.formatVersion': 'Iceberg 格式版本',
    'catalog.partition': '分区', 'catalog.files': '文件数', 'catalog.noPartitions': '当前快照没有数据。',
    'catalog.wholeTable': '（整张表）',
    'catalog.snapshot': '快照', 'catalog.committedAt': '提交时间', 'catalog.operation': '操作', 'catalog.addedRows': '新增行数',
    'catalog.totalRows': '总行数', 'catalog.refs': '分支与标签', 'catalog.current': '当前', 'catalog.preview': '预览',
    'catalog.previewOf': '预览快照 {id}', 'catalog.previewTitle': '快照 {id} 时的表（{time}）',
    'catalog.previewGrid': '快照 {id} 的数据行', 'catalog.closePreview': '关闭预览', 'catalog.noSnapshots': '该表还没有快照。',
    'catalog.by': '提交者',
    'catalog.path': '路径', 'catalog.fileStats': '文件统计', 'catalog.smallest': '最小文件', 'catalog.largest': '最大文件',
    'catalog.average': '平均文件大小', 'catalog.rowsPerFile': '每个文件的行数', 'catalog.noFiles': '当前快照没有数据文件。',
    'catalog.filesGrid': '当前快照的数据文件',
    'catalog.lineageColumn': '列', 
    'catalog.graphOf': '{target} 的血缘图：{nodes} 个列，{edges} 条边', 'catalog.edges': '血缘关系',
    'catalog.source': '来源', 'catalog.target': '目标', 'catalog.pipeline': '管道', 'catalog.node': '节点', 'catalog.kind': '类型',
    'catalog.direction': '方向', 'catalog.dir.upstream': '上游', 'catalog.dir.downstream': '下游',
    'catalog.noLineage': '没有管道读取或写入 {target}。',
    'catalog.owner': '负责人', 'catalog.description': '描述', 'catalog.tags': '标签', 'catalog.tagsHint': '以逗号分隔',
    'catalog.edit': '编辑', 'catalog.saved': '已保存。', 'catalog.saving': '保存中…',
    'catalog.none': '—',
  },
});

const TABS = ['schema', 'partitions', 'snapshots', 'files', 'lineage', 'about'];

function tableHash(table, params) {
  const query = new URLSearchParams(Object.entries(params || {}).filter(([, v]) => v !== undefined && v !== null && v !== '')).toString();
  return `#/catalog/${encodeURIComponent(table)}${query ? '?' + query : ''}`;
}

/** The namespaces and their tables, with a filter; the chosen table is marked as the current page. */
function Tree({ current }) {
  const state = useLoad(async () => {
    const namespaces = await api('/namespaces');
    return Promise.all(namespaces.map(async (ns) => {
      try {
        return { name: ns.name, tables: await api(`/namespaces/${encodeURIComponent(ns.name)}/tables`) };
      } catch (error) {
        return { name: ns.name, tables: [], error };
      }
    }));
  }, []);
  const [filter, setFilter] = useState('');
  const needle = filter.trim().toLowerCase();
  return html`<aside aria-label=${t('catalog.tree')}>
    <label>${t('catalog.filter')} <input type="search" value=${filter} onInput=${(e) => setFilter(e.target.value)} /></label>
    <${Loaded} state=${state} empty=${(list) => list.length === 0} render=${(list) => {
      const shown = list.map((ns) => ({ ...ns, tables: ns.tables.filter((tb) => !needle || `${tb.namespace}.${tb.table}`.toLowerCase().includes(needle)) }))
        .filter((ns) => !needle || ns.tables.length > 0 || ns.error);
      if (shown.length === 0) return html`<p class="empty">${t('catalog.noMatch', { filter })}</p>`;
      return html`<nav class="tree"><ul>${shown.map((ns) => html`<li>
        <details open=${!current || current.startsWith(ns.name + '.') || !!needle}>
          <summary>${ns.name} <span class="muted">(${ns.tables.length})</span></summary>
          ${ns.error ? html`<${ErrorBox} error=${ns.error} />` : null}
          ${ns.tables.length === 0 && !ns.error ? html`<p class="empty">${t('catalog.noTables')}</p>` : html`<ul>
            ${ns.tables.map((tb) => {
              const name = `${tb.namespace}.${tb.table}`;
              return html`<li><a href=${tableHash(name)} aria-current=${name === current ? 'page' : undefined}>${tb.table}</a></li>`;
            })}</ul>`}
        </details></li>`)}</ul></nav>`;
    }} />
  </aside>`;
}

function Schema({ info }) {
  const properties = Object.entries(info.properties || {}).sort(([a], [b]) => a.localeCompare(b));
  return html`<div>
    <table class="list"><thead><tr><th scope="col">${t('catalog.position')}</th><th scope="col">${t('catalog.column')}</th>
      <th scope="col">${t('catalog.type')}</th><th scope="col">${t('catalog.nullable')}</th><th scope="col">${t('catalog.comment')}</th></tr></thead>
      <tbody>${(info.columns || []).map((c, i) => html`<tr><td>${i + 1}</td><th scope="row">${c.name}</th><td><code>${c.type}</code></td>
        <td>${t(c.nullable ? 'catalog.yes' : 'catalog.no')}</td><td>${c.comment || ''}</td></tr>`)}</tbody></table>
    <p><strong>${t('catalog.partitionBy')}:</strong> ${info.partitionBy && info.partitionBy.length ? info.partitionBy.map((p) => html`<code>${p}</code> `) : t('catalog.unpartitioned')}</p>
    <p><strong>${t('catalog.location')}:</strong> <code>${info.location}</code> · <strong>${t('catalog.formatVersion')}:</strong> ${info.formatVersion}</p>
    <details><summary>${t('catalog.properties')} (${properties.length})</summary>
      <table class="list"><thead><tr><th scope="col">${t('catalog.property')}</th><th scope="col">${t('catalog.value')}</th></tr></thead>
        <tbody>${properties.map(([k, v]) => html`<tr><th scope="row"><code>${k}</code></th><td>${v}</td></tr>`)}</tbody></table>
    </details>
  </div>`;
}

function Partitions({ table }) {
  const state = useLoad(() => api(`/tables/${tablePath(table)}/partitions`), [table]);
  return html`<${Loaded} state=${state} render=${(list) => list.length === 0 ? html`<p class="empty">${t('catalog.noPartitions')}</p>` : html`
    <table class="list"><thead><tr><th scope="col">${t('catalog.partition')}</th><th scope="col">${t('catalog.files')}</th>
      <th scope="col">${t('catalog.rows')}</th><th scope="col">${t('catalog.bytes')}</th></tr></thead>
      <tbody>${list.map((p) => html`<tr><th scope="row">${p.partition || html`<span class="muted">${t('catalog.unpartitioned')}</span>`}</th>
        <td class="num">${formatNumber(p.files)}</td><td class="num">${formatNumber(p.rows)}</td><td class="num">${formatBytes(p.bytes)}</td></tr>`)}</tbody></table>`} />`;
}

function SnapshotPreview({ table, snapshot, onClose }) {
  const state = useLoad(() => api(`/tables/${tablePath(table)}/rows`, { query: { version: snapshot.snapshotId, limit: 100 } }), [table, snapshot.snapshotId]);
  const id = String(snapshot.snapshotId);
  return html`<div class="panel" aria-labelledby="catalog-preview-title">
    <div class="toolbar"><h3 id="catalog-preview-title">${t('catalog.previewTitle', { id, time: formatTime(snapshot.committedAt) })}</h3>
      <button type="button" onClick=${onClose}>${t('catalog.closePreview')}</button>
      ${state.data ? html`<span class="muted">${state.data.summary}</span>` : null}</div>
    <${Loaded} state=${state} render=${(result) => html`<${DataGrid} columns=${result.columns} rows=${result.rows} label=${t('catalog.previewGrid', { id })} />`} />
  </div>`;
}

/** The table's snapshots, their 64-bit ids kept exact as strings. */
function snapshotsOf(table) {
  return api(`/tables/${tablePath(table)}/snapshots`, { exact: ['snapshotId', 'parentId'] });
}

function Snapshots({ table, selected, onSelect }) {
  const state = useLoad(() => snapshotsOf(table), [table]);
  return html`<${Loaded} state=${state} render=${(list) => {
    if (list.length === 0) return html`<p class="empty">${t('catalog.noSnapshots')}</p>`;
    const newestFirst = [...list].reverse();
    const chosen = selected && list.find((s) => String(s.snapshotId) === String(selected));
    return html`<div>
      <div class="scroll-x"><table class="list"><thead><tr><th scope="col">${t('catalog.snapshot')}</th><th scope="col">${t('catalog.committedAt')}</th>
        <th scope="col">${t('catalog.operation')}</th><th scope="col">${t('catalog.addedRows')}</th><th scope="col">${t('catalog.totalRows')}</th>
        <th scope="col">${t('catalog.refs')}</th><th scope="col">${t('catalog.by')}</th><th scope="col"><span class="visually-hidden">${t('catalog.preview')}</span></th></tr></thead>
        <tbody>${newestFirst.map((s) => {
          const summary = s.summary || {};
          const id = String(s.snapshotId);
          return html`<tr aria-current=${chosen && chosen === s ? 'true' : undefined}>
            <th scope="row"><code>${id}</code>${s.current ? html` <span class="badge state-ok">${t('catalog.current')}</span>` : null}</th>
            <td>${formatTime(s.committedAt)}</td><td>${summary['zhongtai.operation'] || s.operation}</td>
            <td class="num">${formatNumber(summary['added-records'] ?? 0)}</td><td class="num">${formatNumber(summary['total-records'])}</td>
            <td>${(s.refs || []).join(', ')}</td><td>${summary['zhongtai.user'] || ''}</td>
            <td><button type="button" aria-label=${t('catalog.previewOf', { id })} aria-pressed=${chosen === s}
              onClick=${() => onSelect(chosen === s ? null : id)}>${t('catalog.preview')}</button></td></tr>`;
        })}</tbody></table></div>
      ${chosen ? html`<${SnapshotPreview} table=${table} snapshot=${chosen} onClose=${() => onSelect(null)} />` : null}
    </div>`;
  }} />`;
}

function Files({ table }) {
  const state = useLoad(() => api(`/tables/${tablePath(table)}/files`), [table]);
  return html`<${Loaded} state=${state} render=${(files) => {
    if (files.length === 0) return html`<p class="empty">${t('catalog.noFiles')}</p>`;
    const bytes = files.map((f) => Number(f.bytes) || 0);
    const rows = files.reduce((sum, f) => sum + (Number(f.rows) || 0), 0);
    const total = bytes.reduce((a, b) => a + b, 0);
    const cards = [
      ['catalog.files', formatNumber(files.length)], ['catalog.rows', formatNumber(rows)], ['catalog.bytes', formatBytes(total)],
      ['catalog.average', formatBytes(Math.round(total / files.length))], ['catalog.smallest', formatBytes(Math.min(...bytes))],
      ['catalog.largest', formatBytes(Math.max(...bytes))], ['catalog.rowsPerFile', formatNumber(Math.round(rows / files.length))],
    ];
    const columns = [{ name: t('catalog.path') }, { name: t('catalog.partition') }, { name: t('catalog.rows') }, { name: t('catalog.bytes') }];
    const gridRows = files.map((f) => [f.path, f.partition || '', Number(f.rows), formatBytes(f.bytes)]);
    return html`<div>
      <h3>${t('catalog.fileStats')}</h3>
      <${Cards} cards=${cards} />
      <${DataGrid} columns=${columns} rows=${gridRows} label=${t('catalog.filesGrid')} />
    </div>`;
  }} />`;
}

const endpointLabel = (table, column) => (column ? `${table}.${column}` : table);

/** Upstream and downstream edges of a table or column, drawn as one left-to-right graph and listed in a table. */
function Lineage({ table, info, column, onColumn }) {
  const state = useLoad(async () => {
    const [up, down] = await Promise.all(['upstream', 'downstream'].map((direction) =>
      api('/lineage', { query: { table, column: column || undefined, direction } })));
    return [...up.edges.map((e) => ({ ...e, direction: 'upstream' })), ...down.edges.map((e) => ({ ...e, direction: 'downstream' }))];
  }, [table, column]);
  const target = endpointLabel(table, column);
  const graph = useMemo(() => {
    if (!state.data) return null;
    const ids = new Map();
    const edges = [];
    const seen = new Set();
    state.data.forEach((e) => {
      const source = endpointLabel(e.sourceTable, e.sourceColumn);
      const dest = endpointLabel(e.targetTable, e.targetColumn);
      ids.set(source, e.sourceTable);
      ids.set(dest, e.targetTable);
      const key = `${source}\u0000${dest}`;
      if (seen.has(key)) return;
      seen.add(key);
      edges.push({ source, target: dest, label: `${e.pipeline} / ${e.node} (${e.kind})` });
    });
    const nodes = [...ids.entries()].map(([id, tableName]) => ({
      id, tooltip: id, emphasis: tableName === table && (!column || id === target),
      colour: tableName === table ? '#14213d' : undefined,
    }));
    return { nodes, edges };
  }, [state.data]);
  return html`<div>
    <div class="toolbar">
      <label>${t('catalog.lineageColumn')} <select value=${column || ''} onChange=${(e) => onColumn(e.target.value)}>
        <option value="">${t('catalog.wholeTable')}</option>
        ${(info.columns || []).map((c) => html`<option value=${c.name}>${c.name}</option>`)}</select></label>
    </div>
    <${Loaded} state=${state} render=${(edges) => edges.length === 0 ? html`<p class="empty">${t('catalog.noLineage', { target })}</p>` : html`
      <${Graph} nodes=${graph.nodes} edges=${graph.edges} label=${t('catalog.graphOf', { target, nodes: graph.nodes.length, edges: graph.edges.length })} />
      <div class="scroll-x"><table class="list"><caption class="visually-hidden">${t('catalog.edges')}</caption>
        <thead><tr><th scope="col">${t('catalog.direction')}</th><th scope="col">${t('catalog.source')}</th><th scope="col">${t('catalog.target')}</th>
          <th scope="col">${t('catalog.pipeline')}</th><th scope="col">${t('catalog.node')}</th><th scope="col">${t('catalog.kind')}</th></tr></thead>
        <tbody>${edges.map((e) => html`<tr><td>${t('catalog.dir.' + e.direction)}</td>
          <td><a href=${tableHash(e.sourceTable, { tab: 'lineage', column: e.sourceColumn })}>${endpointLabel(e.sourceTable, e.sourceColumn)}</a></td>
          <td><a href=${tableHash(e.targetTable, { tab: 'lineage', column: e.targetColumn })}>${endpointLabel(e.targetTable, e.targetColumn)}</a></td>
          <td><a href=${`#/pipelines/${encodeURIComponent(e.pipeline)}`}>${e.pipeline}</a></td><td>${e.node}</td><td>${e.kind}</td></tr>`)}</tbody></table></div>`} />
  </div>`;
}

/** Owner, description and tags as the table reports them (saved with PATCH /tables/{table}). */
function aboutOf(info) {
  return { owner: info.owner || '', description: info.description || '', tags: info.tags || [] };
}

function About({ table, info, onSaved }) {
  const current = aboutOf(info);
  const [editing, setEditing] = useState(false);
  const [form, setForm] = useState(null);
  const [error, setError] = useState(null);
  const [status, setStatus] = useState('');
  useEffect(() => { setEditing(false); setError(null); setStatus(''); }, [table]);
  const edit = () => { setForm({ ...current, tags: current.tags.join(', ') }); setEditing(true); setStatus(''); };
  const save = async (event) => {
    event.preventDefault();
    setError(null);
    setStatus(t('catalog.saving'));
    try {
      const body = { owner: form.owner.trim(), description: form.description, tags: form.tags.split(',').map((s) => s.trim()).filter(Boolean) };
      const updated = await api(`/tables/${tablePath(table)}`, { method: 'PATCH', body });
      setEditing(false);
      setStatus(t('catalog.saved'));
      onSaved(updated);
    } catch (e) {
      setStatus('');
      setError(e);
    }
  };
  const field = (key) => (e) => { const value = e.target.value; setForm((f) => ({ ...f, [key]: value })); };
  if (editing) {
    return html`<form class="fields" onSubmit=${save}>
      <label for="about-owner">${t('catalog.owner')}</label><input id="about-owner" value=${form.owner} onInput=${field('owner')} />
      <label for="about-description">${t('catalog.description')}</label>
      <textarea id="about-description" rows="4" value=${form.description} onInput=${field('description')}></textarea>
      <label for="about-tags">${t('catalog.tags')}</label>
      <input id="about-tags" value=${form.tags} onInput=${field('tags')} aria-describedby="about-tags-hint" placeholder=${t('catalog.tagsHint')} />
      <span></span><span id="about-tags-hint" class="muted">${t('catalog.tagsHint')}</span>
      <div class="actions"><button type="submit" class="primary">${t('common.save')}</button>
        <button type="button" onClick=${() => { setEditing(false); setError(null); }}>${t('common.cancel')}</button>
        <span role="status">${status}</span></div>
      ${error ? html`<div style="grid-column: 1 / -1"><${ErrorBox} error=${error} /></div>` : null}
    </form>`;
  }
  return html`<div>
    <${ErrorBox} error=${error} />
    <dl class="about">
      <dt>${t('catalog.owner')}</dt><dd>${current.owner || t('catalog.none')}</dd>
      <dt>${t('catalog.description')}</dt><dd class="prewrap">${current.description || t('catalog.none')}</dd>
      <dt>${t('catalog.tags')}</dt><dd>${current.tags.length ? current.tags.map((tag) => html`<span class="badge">${tag}</span> `) : t('catalog.none')}</dd>
    </dl>
    <div class="toolbar"><button type="button" onClick=${edit}>${t('catalog.edit')}</button>
      <span role="status">${status}</span></div>
  </div>`;
}

function TableView({ table, params }) {
  const state = useLoad(() => api(`/tables/${tablePath(table)}`), [table]);
  const [saved, setSaved] = useState(null);
  useEffect(() => setSaved(null), [table]);
  const tab = TABS.includes(params.tab) ? params.tab : 'schema';
  const go = (changes) => { location.hash = tableHash(table, { ...params, ...changes }); };
  const sql = `SELECT * FROM ${table} LIMIT 100`;
  return html`<div>
    <div class="toolbar"><h2 id="catalog-table-title">${table}</h2>
      <a href=${`#/sql?sql=${encodeURIComponent(sql)}`}>${t('catalog.querySql')}</a></div>
    <${Loaded} state=${state} render=${(loaded) => {
      const info = saved || loaded;
      const cards = [['catalog.rows', formatNumber(info.rows)], ['catalog.bytes', formatBytes(info.bytes)],
        ['catalog.dataFiles', formatNumber(info.dataFiles)], ['catalog.snapshotCount', formatNumber(info.snapshots)],
        ['catalog.lastUpdated', formatTime(info.lastUpdated)]];
      return html`<div>
        <${Cards} cards=${cards} />
        <${Tabs} id="catalog" label=${t('catalog.tabs')} tabs=${TABS.map((name) => ({ key: name, label: t('catalog.tab.' + name) }))}
          selected=${tab} onSelect=${(name) => go({ tab: name, snapshot: undefined, column: undefined })}>
          ${tab === 'schema' ? html`<${Schema} info=${info} />`
            : tab === 'partitions' ? html`<${Partitions} table=${table} />`
            : tab === 'snapshots' ? html`<${Snapshots} table=${table} selected=${params.snapshot} onSelect=${(id) => go({ snapshot: id || undefined })} />`
            : tab === 'files' ? html`<${Files} table=${table} />`
            : tab === 'lineage' ? html`<${Lineage} table=${table} info=${info} column=${params.column || ''} onColumn=${(c) => go({ column: c || undefined })} />`
            : html`<${About} table=${table} info=${info} onSaved=${setSaved} />`}
        <//>
      </div>`;
    }} />
  </div>`;
}

export default function CatalogPage({ route }) {
  const table = route.rest[0] || '';
  return html`<section aria-labelledby="catalog-title">
    <h1 id="catalog-title">${t('catalog.title')}</h1>
    <div class="split">
      <${Tree} current=${table} />
      <div>${table ? html`<${TableView} key=${table} table=${table} params=${route.params} />` : html`<p class="empty">${t('catalog.pick')}</p>`}</div>
    </div>
  </section>`;
}
