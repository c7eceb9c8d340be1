// Dashboards: saved queries' charts on a 12-column grid, refreshed on a timer; an edit mode adds saved charts and
// moves or resizes cells (number inputs and arrow buttons, so the keyboard does it all); a link to share it.
import { useEffect, useMemo, useState } from '/_static/htm/3.1.1/preact/standalone.module.js';
import { api, cancelQuery, closeCursor } from '../api.js';
import { chartOption } from '../charts.js';
import { Chart, DataGrid, ErrorBox, Loaded, formatTime, html, useAction, useLoad } from '../components.js';
import { addMessages, t } from '../i18n.js';
import { ConfirmButton, useInterval } from '../widgets.js';

addMessages({
  en: {
    'dash.title': 'Dashboards', 'dash.list': 'All dashboards', 'dash.none': 'No dashboard yet. Create one, then add saved charts from the SQL workbench to it.',
    'dash.name': 'Name', 'dash.cells': 'Cells', 'dash.refresh': 'Auto-refresh (seconds, 0 = off)', 'dash.refreshShort': 'Auto-refresh',
    'dash.owner': 'Owner', 'dash.updated': 'Updated', 'dash.create': 'Create dashboard', 'dash.creating': 'Creating…', 'dash.new': 'New dashboard',
    'dash.off': 'off', 'dash.every': 'every {seconds} s', 'dash.refreshNow': 'Refresh now', 'dash.copyLink': 'Copy link',
    'dash.copied': 'Link copied to the clipboard.', 'dash.copyManually': 'Copy this link:', 'dash.link': 'Link to this dashboard',
    'dash.edit': 'Edit', 'dash.save': 'Save', 'dash.saving': 'Saving…', 'dash.cancel': 'Cancel', 'dash.saved': 'Saved.',
    'dash.delete': 'Delete dashboard', 'dash.confirmDelete': 'Delete dashboard "{name}"?', 'dash.empty': 'This dashboard has no cells. Edit it to add saved charts.',
    'dash.add': 'Add', 'dash.addChart': 'Saved query to add', 'dash.noSaved': 'No saved query yet: save one with its chart in the SQL workbench.',
    'dash.openSql': 'Open the SQL workbench', 'dash.x': 'Column', 'dash.y': 'Row', 'dash.w': 'Width', 'dash.h': 'Height',
    'dash.left': 'Move {name} left', 'dash.right': 'Move {name} right', 'dash.up': 'Move {name} up', 'dash.down': 'Move {name} down',
    'dash.narrower': 'Make {name} narrower', 'dash.wider': 'Make {name} wider', 'dash.shorter': 'Make {name} shorter', 'dash.taller': 'Make {name} taller',
    'dash.remove': 'Remove {name} from the dashboard', 'dash.removeShort': 'Remove', 'dash.chartOf': 'Chart: {name}', 'dash.result': 'Result of {name}',
    'dash.running': 'Running…', 'dash.lastRun': 'Updated {time}', 'dash.editing': 'Editing: change cells, then save.', 'dash.back': 'All dashboards',
    'dash.inSql': 'Open {name} in the SQL workbench', 'dash.noRows': 'The query returned no rows.', 'dash.status': 'No statement result to show: {summary}',
  },
  'zh-CN': {
    'dash.title': '仪表板', 'dash.list': '所有仪表板', 'dash.none': '还没有仪表板。先创建一个，再把 SQL 工作台中保存的图表添加进去。',
    'dash.name': '名称', 'dash.cells': '单元格', 'dash.refresh': '自动刷新（秒，0 = 关闭）', 'dash.refreshShort': '自动刷新',
    'dash.owner': '所有者', 'dash.updated': '更新时间', 'dash.create': '创建仪表板', 'dash.creating': '创建中…', 'dash.new': '新建仪表板',
    'dash.off': '关闭', 'dash.every': '每 {seconds} 秒', 'dash.refreshNow': '立即刷新', 'dash.copyLink': '复制链接',
    'dash.copied': '链接已复制到剪贴板。', 'dash.copyManually': '请复制此链接：', 'dash.link': '此仪表板的链接',
    'dash.edit': '编辑', 'dash.save': '保存', 'dash.saving': '保存中…', 'dash.cancel': '取消', 'dash.saved': '已保存。',
    'dash.delete': '删除仪表板', 'dash.confirmDelete': '删除仪表板“{name}”？', 'dash.empty': '此仪表板没有单元格。编辑它以添加保存的图表。',
    'dash.add': '添加', 'dash.addChart': '要添加的已保存查询', 'dash.noSaved': '还没有保存的查询：在 SQL 工作台中连同图表一起保存。',
    'dash.openSql': '打开 SQL 工作台', 'dash.x': '列', 'dash.y': '行', 'dash.w': '宽度', 'dash.h': '高度',
    'dash.left': '将 {name} 左移', 'dash.right': '将 {name} 右移', 'dash.up': '将 {name} 上移', 'dash.down': '将 {name} 下移',
    'dash.narrower': '将 {name} 变窄', 'dash.wider': '将 {name} 变宽', 'dash.shorter': '将 {name} 变矮', 'dash.taller': '将 {name} 变高',
    'dash.remove': '从仪表板移除 {name}', 'dash.removeShort': '移除', 'dash.chartOf': '图表：{name}', 'dash.result': '{name} 的结果',
    'dash.running': '运行中…', 'dash.lastRun': '更新于 {time}', 'dash.editing': '编辑中：调整单元格后保存。', 'dash.back': '所有仪表板',
    'dash.inSql': '在 SQL 工作台中打开 {name}', 'dash.noRows': '查询没有返回行。', 'dash.status': '没有可显示的结果：{summary}',
  },
});

const enc = encodeURIComponent;
const COLUMNS = 12;
const ROW_HEIGHT = 80;
const GAP = 12;
const MAX_ROWS = 1000;

/** A cell kept inside the 12 columns: x 0..11, w 1..12-x, y >= 0, h >= 1. */
function clamp(cell) {
  const x = Math.min(COLUMNS - 1, Math.max(0, Math.round(Number(cell.x) || 0)));
  const w = Math.min(COLUMNS - x, Math.max(1, Math.round(Number(cell.w) || 1)));
  const y = Math.min(MAX_ROWS, Math.max(0, Math.round(Number(cell.y) || 0)));
  const h = Math.min(MAX_ROWS, Math.max(1, Math.round(Number(cell.h) || 1)));
  return { ...cell, x, y, w, h };
}

function refreshText(seconds) {
  return seconds > 0 ? t('dash.every', { seconds }) : t('dash.off');
}

function DashboardList() {
  const list = useLoad(() => api('/dashboards'), []);
  const [name, setName] = useState('');
  const [refresh, setRefresh] = useState('0');
  const { busy, error, perform } = useAction();
  const create = async (event) => {
    event.preventDefault();
    await perform(async () => {
      const created = await api('/dashboards', { method: 'POST', body: { name: name.trim(), layout: [], refreshSeconds: Number(refresh) || 0 } });
      location.hash = `#/dashboards/${enc(created.id)}?edit`;
    });
  };
  return html`<div>
    <div class="panel"><h2>${t('dash.list')}</h2>
      <${Loaded} state=${list} render=${(dashboards) => (dashboards.length === 0 ? html`<p class="empty">${t('dash.none')}</p>` : html`
        <div class="table-scroll"><table class="list"><thead><tr><th scope="col">${t('dash.name')}</th><th scope="col">${t('dash.cells')}</th>
          <th scope="col">${t('dash.refreshShort')}</th><th scope="col">${t('dash.owner')}</th><th scope="col">${t('dash.updated')}</th></tr></thead>
          <tbody>${dashboards.map((d) => html`<tr><td><a href=${`#/dashboards/${enc(d.id)}`}>${d.name}</a></td><td class="num">${(d.layout || []).length}</td>
            <td>${refreshText(d.refreshSeconds)}</td><td>${d.owner || ''}</td><td>${formatTime(d.updatedAt || d.createdAt)}</td></tr>`)}</tbody></table></div>`)} />
    </div>
    <div class="panel"><h2 id="new-dashboard">${t('dash.new')}</h2>
      <form class="fields" onSubmit=${create} aria-labelledby="new-dashboard">
        <label for="dash-name">${t('dash.name')}</label>
        <input id="dash-name" required value=${name} onInput=${(e) => setName(e.target.value)} />
        <label for="dash-refresh">${t('dash.refresh')}</label>
        <input id="dash-refresh" type="number" min="0" max="86400" step="1" value=${refresh} onInput=${(e) => setRefresh(e.target.value)} />
        <div class="actions"><button type="submit" class="primary" disabled=${busy || !name.trim()}>${busy ? t('dash.creating') : t('dash.create')}</button></div>
        <div class="span-all"><${ErrorBox} error=${error} /></div>
      </form></div>
  </div>`;
}

/** One cell: runs its saved query (again whenever tick changes) and draws its chart, or a grid for table charts. */
function CellContent({ cell, tick, height }) {
  const [state, setState] = useState({ loading: true });
  useEffect(() => {
    // a chart needs its first 1,000 rows: the cursor of a longer result is closed at once; a run that is overtaken
    // (next refresh, page left) is stopped on the server too
    const controller = new AbortController();
    const queryId = crypto.randomUUID();
    let done = false;
    setState((s) => ({ ...s, loading: true }));
    api('/sql', { method: 'POST', body: { sql: cell.sql, namespace: cell.namespace || undefined, maxRows: 1000, queryId }, signal: controller.signal })
      .then((result) => { closeCursor(result); setState({ result, at: new Date().toISOString() }); },
        (error) => error.name !== 'AbortError' && setState({ error }))
      .finally(() => { done = true; });
    return () => {
      if (!done) { cancelQuery(queryId); controller.abort(); }
    };
  }, [cell.sql, cell.namespace, tick]);
  const option = useMemo(() => {
    const chart = cell.chart;
    if (!state.result || !state.result.columns || !chart || chart.type === 'table' || !chart.x || !(chart.y || []).length) return null;
    try { return { option: chartOption({ y: [], ...chart }, state.result.columns, state.result.rows) }; } catch (e) { return { error: e }; }
  }, [state.result, cell.chart]);
  if (state.error) return html`<${ErrorBox} error=${state.error} />`;
  if (!state.result) return html`<p class="loading" role="status">${t('dash.running')}</p>`;
  const result = state.result;
  let body;
  if (!result.columns || result.columns.length === 0) body = html`<p class="muted">${t('dash.status', { summary: result.summary || '' })}</p>`;
  else if (option && option.error) body = html`<${ErrorBox} error=${option.error} />`;
  else if (option) body = html`<${Chart} option=${option.option} label=${t('dash.chartOf', { name: cell.name })} height=${Math.max(120, height)} />`;
  else if (result.rows.length === 0) body = html`<p class="empty">${t('dash.noRows')}</p>`;
  else body = html`<${DataGrid} columns=${result.columns} rows=${result.rows} pageSize=${Math.max(3, Math.floor(height / 28) - 2)} label=${t('dash.result', { name: cell.name })} />`;
  return html`${body}<div class="muted small cell-foot">${state.loading ? t('dash.running') : t('dash.lastRun', { time: formatTime(state.at) })}</div>`;
}

function CellEditor({ cell, index, onChange, onRemove }) {
  const set = (key, value) => onChange(clamp({ ...cell, [key]: value }));
  const number = (key, label, min, max) => html`<label class="cell-field">${t(label)}
    <input type="number" min=${min} max=${max} value=${cell[key]} onInput=${(e) => e.target.value !== '' && set(key, Number(e.target.value))} /></label>`;
  const step = (key, delta, label, symbol) => html`<button type="button" aria-label=${t(label, { name: cell.name })} title=${t(label, { name: cell.name })}
    onClick=${() => set(key, cell[key] + delta)}>${symbol}</button>`;
  return html`<div class="cell-editor" role="group" aria-label=${cell.name}>
    <div class="toolbar">
      ${number('x', 'dash.x', 0, COLUMNS - 1)}${number('y', 'dash.y', 0, MAX_ROWS)}${number('w', 'dash.w', 1, COLUMNS - cell.x)}${number('h', 'dash.h', 1, MAX_ROWS)}
    </div>
    <div class="toolbar">
      ${step('x', -1, 'dash.left', '←')}${step('x', 1, 'dash.right', '→')}${step('y', -1, 'dash.up', '↑')}${step('y', 1, 'dash.down', '↓')}
      ${step('w', -1, 'dash.narrower', '⇤')}${step('w', 1, 'dash.wider', '⇥')}${step('h', -1, 'dash.shorter', '⤒')}${step('h', 1, 'dash.taller', '⤓')}
      <button type="button" class="danger" aria-label=${t('dash.remove', { name: cell.name })} onClick=${() => onRemove(index)}>${t('dash.removeShort')}</button>
    </div>
  </div>`;
}

function AddCell({ onAdd }) {
  const saved = useLoad(() => api('/saved-queries'), []);
  const [chosen, setChosen] = useState('');
  return html`<${Loaded} state=${saved} render=${(list) => (list.length === 0
    ? html`<p class="muted">${t('dash.noSaved')} <a href="#/sql">${t('dash.openSql')}</a></p>`
    : html`<div class="toolbar"><label>${t('dash.addChart')} <select value=${chosen} onChange=${(e) => setChosen(e.target.value)}>
        <option value="">—</option>${list.map((q) => html`<option value=${String(q.id)}>${q.name}${q.chart ? ` (${t(`chart.${q.chart.type}`)})` : ''}</option>`)}</select></label>
      <button type="button" disabled=${!chosen} onClick=${() => { const q = list.find((s) => String(s.id) === chosen); if (q) { onAdd(q); setChosen(''); } }}>${t('dash.add')}</button></div>`)} />`;
}

function DashboardView({ id, startEditing }) {
  const view = useLoad(() => api(`/dashboards/${enc(id)}`), [id]);
  const [draft, setDraft] = useState(null);
  const [tick, setTick] = useState(0);
  const [message, setMessage] = useState('');
  const [manualLink, setManualLink] = useState(null);
  const { busy, error, setError, perform } = useAction();
  const [editedOnce, setEditedOnce] = useState(false);
  const data = view.data;
  useEffect(() => {
    if (data && startEditing && !editedOnce) { setEditedOnce(true); edit(); }
  }, [data]);
  const editing = draft !== null;
  const refreshSeconds = editing ? draft.refreshSeconds : data ? data.refreshSeconds : 0;
  useInterval(() => setTick((n) => n + 1), !editing && refreshSeconds > 0 ? refreshSeconds * 1000 : 0);

  function edit() {
    setDraft({ name: view.data.name, refreshSeconds: view.data.refreshSeconds, layout: view.data.layout.map((c) => clamp({ ...c })) });
    setMessage('');
  }
  const save = async () => {
    await perform(async () => {
      await api(`/dashboards/${enc(id)}`, { method: 'PUT', body: { name: draft.name.trim(), refreshSeconds: Number(draft.refreshSeconds) || 0,
        layout: draft.layout.map(({ query, x, y, w, h }) => ({ query, x, y, w, h })) } });
      setDraft(null);
      setMessage(t('dash.saved'));
      view.reload();
    });
  };
  const remove = async () => {
    try {
      await api(`/dashboards/${enc(id)}`, { method: 'DELETE' });
      location.hash = '#/dashboards';
    } catch (e) {
      setError(e);
    }
  };
  const copyLink = async () => {
    const link = location.href;
    try {
      if (!navigator.clipboard || !window.isSecureContext) throw new Error('no clipboard');
      // a browser may neither grant nor refuse the permission: then show the link to copy by hand
      await Promise.race([navigator.clipboard.writeText(link), new Promise((resolve, reject) => setTimeout(() => reject(new Error('timeout')), 1500))]);
      setManualLink(null);
      setMessage(t('dash.copied'));
    } catch (e) {
      setManualLink(link);
      setMessage('');
    }
  };
  const add = (query) => {
    const bottom = draft.layout.reduce((max, c) => Math.max(max, c.y + c.h), 0);
    setDraft({ ...draft, layout: [...draft.layout, { query: query.id, name: query.name, sql: query.sql, namespace: query.namespace, chart: query.chart, x: 0, y: bottom, w: 6, h: 4 }] });
  };
  const change = (index, cell) => setDraft({ ...draft, layout: draft.layout.map((c, i) => (i === index ? cell : c)) });
  const removeCell = (index) => setDraft({ ...draft, layout: draft.layout.filter((c, i) => i !== index) });

  return html`<${Loaded} state=${view} render=${(d) => {
    const layout = editing ? draft.layout : d.layout.map((c) => clamp(c));
    return html`<div>
      <h2>${d.name}</h2>
      <div class="toolbar">
        <a href="#/dashboards">← ${t('dash.back')}</a>
        ${editing ? html`
          <label>${t('dash.name')} <input value=${draft.name} onInput=${(e) => setDraft({ ...draft, name: e.target.value })} /></label>
          <label>${t('dash.refresh')} <input type="number" min="0" max="86400" class="narrow" value=${draft.refreshSeconds}
            onInput=${(e) => setDraft({ ...draft, refreshSeconds: e.target.value })} /></label>
          <button type="button" class="primary" onClick=${save} disabled=${busy || !draft.name.trim()}>${busy ? t('dash.saving') : t('dash.save')}</button>
          <button type="button" onClick=${() => { setDraft(null); setError(null); }}>${t('dash.cancel')}</button>`
        : html`
          <button type="button" onClick=${() => setTick((n) => n + 1)}>${t('dash.refreshNow')}</button>
          <span class="muted">${t('dash.refreshShort')}: ${refreshText(d.refreshSeconds)}</span>
          <button type="button" onClick=${copyLink}>${t('dash.copyLink')}</button>
          <button type="button" onClick=${edit}>${t('dash.edit')}</button>
          <${ConfirmButton} question=${t('dash.confirmDelete', { name: d.name })} action=${remove}>${t('dash.delete')}<//>`}
        <span role="status" class="muted">${message}</span>
      </div>
      ${manualLink ? html`<label>${t('dash.copyManually')} <input readonly class="link-box" value=${manualLink} aria-label=${t('dash.link')}
        ref=${(el) => el && el.select()} /></label>` : null}
      <${ErrorBox} error=${error} />
      ${editing ? html`<p class="muted">${t('dash.editing')}</p><${AddCell} onAdd=${add} />` : null}
      ${layout.length === 0 ? html`<p class="empty">${t('dash.empty')}</p>` : html`<div class="dashboard" style=${`grid-auto-rows:${ROW_HEIGHT}px`}>
        ${layout.map((cell, index) => html`<section key=${`${index}-${cell.query}`} class=${`dashboard-cell${editing ? ' editing' : ''}`}
            aria-label=${cell.name} style=${`grid-column:${cell.x + 1} / span ${cell.w};grid-row:${cell.y + 1} / span ${cell.h}`}>
          <h3><a href=${`#/sql?${new URLSearchParams({ sql: cell.sql || '', ...(cell.namespace ? { namespace: cell.namespace } : {}) })}`}
            title=${t('dash.inSql', { name: cell.name })}>${cell.name}</a></h3>
          ${editing ? html`<${CellEditor} cell=${cell} index=${index} onChange=${(c) => change(index, c)} onRemove=${removeCell} />` : null}
          <div class="cell-body"><${CellContent} cell=${cell} tick=${tick} height=${cell.h * ROW_HEIGHT + (cell.h - 1) * GAP - (editing ? 150 : 60)} /></div>
        </section>`)}
      </div>`}
    </div>`;
  }} />`;
}

export default function DashboardsPage({ route }) {
  const id = route.rest[0] || null;
  return html`<section aria-labelledby="dash-title">
    <h1 id="dash-title">${t('dash.title')}</h1>
    ${id ? html`<${DashboardView} key=${id} id=${id} startEditing=${'edit' in route.params} />` : html`<${DashboardList} />`}
  </section>`;
}
