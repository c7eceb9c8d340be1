// Shared building blocks of the console's pages: data loading, error/empty states, a paged grid, charts, formats.
import { html, useCallback, useEffect, useRef, useState } from '/_static/htm/3.1.1/preact/standalone.module.js';
import { language, t } from './i18n.js';

export { html };

/** Runs load() now and whenever deps change; {data, error, loading, reload}. A newer load wins over an older one. */
export function useLoad(load, deps) {
  const [state, setState] = useState({ data: undefined, error: null, loading: true });
  const generation = useRef(0);
  const reload = useCallback(() => {
    const mine = ++generation.current;
    setState((s) => ({ ...s, loading: true }));
    Promise.resolve().then(load).then(
      (data) => mine === generation.current && setState({ data, error: null, loading: false }),
      (error) => mine === generation.current && setState({ data: undefined, error, loading: false }));
  }, deps);
  useEffect(reload, [reload]);
  return { ...state, reload };
}

/**
 * The async work of a form or a button: perform(work) marks it busy, clears the last error, and keeps the error work
 * throws for an ErrorBox.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const perform = async (work) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, perform };
}

/** Shows what load() returned through render(data), or its loading, error or empty state. */
export function Loaded({ state, render, empty }) {
  if (state.error) return html`<${ErrorBox} error=${state.error} onRetry=${state.reload} />`;
  if (state.data === undefined) return html`<p class="loading" role="status">${t('common.loading')}</p>`;
  if (empty && empty(state.data)) return html`<p class="empty">${t('common.empty')}</p>`;
  return render(state.data);
}

export function ErrorBox({ error, onRetry }) {
  if (!error) return null;
  const position = error.problem && error.problem.position;
  return html`<div class="error" role="alert">
    <strong>${t('common.error')}${error.status ? ` ${error.status}` : ''}:</strong> ${error.message}
    ${position ? html` <span class="muted">${t('common.position', { line: position.line, column: position.column })}</span>` : null}
    ${onRetry ? html` <button type="button" onClick=${onRetry}>${t('common.retry')}</button>` : null}
  </div>`;
}

function cellText(value) {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * A table of rows (arrays, in column order) shown a page at a time: only one page is in the DOM, so a result of
 * 100,000 rows renders as fast as one of 100. With {@code hasMore}, Next past the loaded rows awaits {@code onMore}
 * (which appends rows).
 */
export function DataGrid({ columns, rows, pageSize = 100, label, hasMore, onMore }) {
  const [page, setPage] = useState(0);
  const [fetching, setFetching] = useState(false);
  const [error, setError] = useState(null);
  // a new result (new columns) starts at its first page; rows appended by onMore keep the page
  useEffect(() => setPage(0), [columns]);
  const from = page * pageSize;
  const shown = rows.slice(from, from + pageSize);
  const lastLoadedPage = Math.max(0, Math.ceil(rows.length / pageSize) - 1);
  const next = () => {
    if (page < lastLoadedPage) {
      setPage(page + 1);
    } else if (onMore) {
      setFetching(true);
      setError(null);
      onMore().then(() => setPage(page + 1), setError).finally(() => setFetching(false));
    }
  };
  return html`<div class="grid-wrap">
    <div class="grid-scroll"><table class="grid" aria-label=${label}>
      <thead><tr>${columns.map((c) => html`<th scope="col" title=${c.type || ''}>${c.name}</th>`)}</tr></thead>
      <tbody>${shown.map((row) => html`<tr>${row.map((v) => html`<td class=${v === null ? 'null' : typeof v === 'number' ? 'num' : ''}>${v === null ? 'NULL' : cellText(v)}</td>`)}</tr>`)}</tbody>
    </table></div>
    <div class="pager">
      <button type="button" disabled=${page === 0} onClick=${() => setPage(page - 1)}>${t('common.previous')}</button>
      <span role="status">${t(hasMore ? 'common.pageMore' : 'common.page', { from: formatNumber(rows.length ? from + 1 : 0), to: formatNumber(from + shown.length), total: formatNumber(rows.length) })}</span>
      <button type="button" disabled=${fetching || (page >= lastLoadedPage && !hasMore)} onClick=${next}>${t('common.next')}</button>
    </div>
    <${ErrorBox} error=${error} />
  </div>`;
}

/**
 * Tabs as the WAI-ARIA pattern has them: the selected tab is the one Tab stop, arrow keys (and Home/End) move between
 * tabs, and the panel is labelled by its tab. tabs: [{key, label}]; extra: shown in the tab row after the tabs.
 */
export function Tabs({ id, label, tabs, selected, onSelect, extra, children }) {
  const list = useRef(null);
  const keyDown = (event) => {
    const index = tabs.findIndex((tab) => tab.key === selected);
    const to = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    const next = tabs[(to + tabs.length) % tabs.length];
    onSelect(next.key);
    requestAnimationFrame(() => list.current && list.current.querySelector(`#${id}-tab-${next.key}`)?.focus());
  };
  return html`<div class="tabs">
      <div role="tablist" aria-label=${label} ref=${list} onKeyDown=${keyDown}>
        ${tabs.map((tab) => html`<button type="button" role="tab" id=${`${id}-tab-${tab.key}`} aria-controls=${`${id}-tabpanel`}
          aria-selected=${tab.key === selected} tabindex=${tab.key === selected ? 0 : -1} onClick=${() => onSelect(tab.key)}>${tab.label}</button>`)}
      </div>${extra}
    </div>
    <div id=${`${id}-tabpanel`} role="tabpanel" aria-labelledby=${`${id}-tab-${selected}`}>${children}</div>`;
}

/** An ECharts chart; option is an ECharts option object. The chart is an image with an accessible name. */
export function Chart({ option, label, height = 320 }) {
  const element = useRef(null);
  const chart = useRef(null);
  useEffect(() => {
    chart.current = window.echarts.init(element.current, null, { renderer: 'canvas' });
    const observer = new ResizeObserver(() => chart.current && chart.current.resize());
    observer.observe(element.current);
    return () => { observer.disconnect(); chart.current.dispose(); chart.current = null; };
  }, []);
  // no animation: a chart of a query result should show its values at once (and screenshots should be stable)
  useEffect(() => { chart.current.setOption({ animation: false, ...option }, true); }, [option]);
  return html`<div class="chart" role="img" aria-label=${label} ref=${element} style=${`height:${height}px`}></div>`;
}

export function formatNumber(value) {
  return value === null || value === undefined ? '' : Number(value).toLocaleString(language());
}

export function formatBytes(bytes) {
  if (bytes === null || bytes === undefined) return '';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = Number(bytes);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++; }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

export function formatDuration(seconds) {
  if (seconds === null || seconds === undefined) return '';
  const s = Math.round(Number(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86400)}d ${Math.floor((s % 86400) / 3600)}h`;
}

export function formatTime(iso) {
  return iso ? new Date(iso).toLocaleString(language()) : t('common.never');
}

/** Figures as cards: [[message key, value], ...]; a value may be markup. */
export function Cards({ cards }) {
  return html`<div class="cards">${cards.map(([label, value]) => html`<div class="card"><div class="value">${value}</div><div class="label">${t(label)}</div></div>`)}</div>`;
}

/** A state from the API (succeeded, running...) in the user's language; an unknown one as it came. */
export function stateLabel(state) {
  const key = `state.${String(state || '').toLowerCase()}`;
  const label = t(key);
  return label === key ? String(state ?? '') : label;
}

/** A state badge (succeeded, failed, running...) whose colour comes from the stylesheet. */
export function StateBadge({ state }) {
  return html`<span class=${`badge state-${String(state || '').toLowerCase()}`}>${stateLabel(state)}</span>`;
}

/** Rows of objects as CSV text (RFC 4180 quoting). */
export function toCsv(columns, rows) {
  const quote = (v) => {
    const s = cellText(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [columns.map((c) => quote(c.name)).join(','), ...rows.map((r) => r.map(quote).join(','))].join('\r\n') + '\r\n';
}

export function download(filename, text, type = 'text/csv') {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
