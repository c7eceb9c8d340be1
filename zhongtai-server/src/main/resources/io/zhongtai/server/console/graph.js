// Directed graphs (column lineage, pipeline DAGs) drawn left to right by depth with ECharts' 'graph' series.
// Pages pass plain nodes and edges; the layout is computed here so that the same graph always looks the same.
import { useMemo } from '/_static/htm/3.1.1/preact/standalone.module.js';
import { Chart, html } from './components.js';

/** Colours of node states, matching the stylesheet's badges. */
export const STATE_COLOURS = {
  succeeded: '#1b7f3b', passed: '#1b7f3b', ok: '#1b7f3b', skipped: '#7d8797',
  failed: '#b42318', abandoned: '#b42318', error: '#b42318',
  running: '#b86e00', queued: '#8f6400', retrying: '#b86e00', pending: '#6f7b8f', cancelled: '#6b7280',
};
const DEFAULT_COLOUR = '#1f5fbf';

/**
 * Depth of each node: the longest path from a node without incoming edges (so every edge points right).
 * A node on a cycle keeps the depth it had when the cycle was found; nodes.length rounds are enough otherwise.
 */
export function depths(nodeIds, edges) {
  const depth = new Map(nodeIds.map((id) => [id, 0]));
  for (let round = 0; round < nodeIds.length; round++) {
    let changed = false;
    edges.forEach((e) => {
      if (!depth.has(e.source) || !depth.has(e.target) || e.source === e.target) return;
      const wanted = depth.get(e.source) + 1;
      if (wanted > depth.get(e.target)) { depth.set(e.target, wanted); changed = true; }
    });
    if (!changed) break;
  }
  return depth;
}

/** x/y of each node in grid units: a column per depth, rows ordered to cross fewer edges, each column centred. */
export function layout(nodes, edges) {
  const depth = depths(nodes.map((n) => n.id), edges);
  const columns = new Map();
  nodes.forEach((n) => {
    const d = n.depth ?? depth.get(n.id);
    if (!columns.has(d)) columns.set(d, []);
    columns.get(d).push(n.id);
  });
  const tallest = Math.max(1, ...[...columns.values()].map((c) => c.length));
  const minDepth = Math.min(0, ...columns.keys());
  // fewer crossings: from left to right, each column is ordered by the mean row of its nodes' sources (barycentre)
  const row = new Map();
  const sources = new Map();
  edges.forEach((e) => { if (!sources.has(e.target)) sources.set(e.target, []); sources.get(e.target).push(e.source); });
  [...columns.keys()].sort((a, b) => a - b).forEach((d) => {
    const ids = columns.get(d);
    const weight = (id, i) => {
      const placed = (sources.get(id) || []).filter((s) => row.has(s));
      return placed.length ? placed.reduce((sum, s) => sum + row.get(s), 0) / placed.length : i;
    };
    const weights = new Map(ids.map((id, i) => [id, weight(id, i)]));
    ids.sort((a, b) => weights.get(a) - weights.get(b));
    ids.forEach((id, i) => row.set(id, i + (tallest - ids.length) / 2));
  });
  const position = new Map();
  columns.forEach((ids, d) => {
    const offset = (tallest - ids.length) / 2;
    ids.forEach((id, i) => position.set(id, { x: d - minDepth, y: offset + i, depth: d - minDepth }));
  });
  return { position, columns: columns.size, rows: tallest };
}

/** Tooltip text (a string, or lines as an array) as escaped HTML. */
export function tooltipHtml(text) {
  return (Array.isArray(text) ? text : [text]).map((line) => window.echarts.format.encodeHTML(String(line))).join('<br>');
}

/**
 * The ECharts option of a graph: nodes {id, label, colour?, emphasis?, tooltip? (string or lines)}, edges {source,
 * target, label?}.
 * Nodes sit on a hidden value grid (one unit per depth and per row) rather than at free pixel positions: ECharts
 * scales free positions to fill the chart, which stretches the circles of a graph whose nodes share one row.
 */
export function graphOption(nodes, edges) {
  const { position, columns, rows } = layout(nodes, edges);
  return {
    // ECharts shows tooltips as HTML: every line comes from data (names of tables, columns, nodes), so it is escaped
    tooltip: { formatter: (p) => tooltipHtml(p.dataType === 'edge' ? p.data.tooltip || `${p.data.source} → ${p.data.target}` : p.data.tooltip || p.data.name) },
    animation: false,
    grid: { left: 110, right: 110, top: 24, bottom: 36 },
    xAxis: { type: 'value', show: false, min: -0.5, max: Math.max(1, columns) - 0.5 },
    yAxis: { type: 'value', show: false, inverse: true, min: -0.5, max: Math.max(1, rows) - 0.5 },
    series: [{
      type: 'graph', coordinateSystem: 'cartesian2d', draggable: false,
      symbol: 'circle', symbolSize: 18, edgeSymbol: ['none', 'arrow'], edgeSymbolSize: 9,
      label: { show: true, position: 'bottom', color: '#1d2430', fontSize: 12, textBorderColor: '#fff', textBorderWidth: 3 },
      lineStyle: { color: '#8a94a6', width: 1.5, curveness: 0, opacity: 0.9 },
      emphasis: { focus: 'adjacency', lineStyle: { width: 3 } },
      data: nodes.map((n) => ({
        name: n.id, value: [position.get(n.id).x, position.get(n.id).y], tooltip: n.tooltip,
        // a function, not a template string: '{a}' or '{b}' in a name must show as typed
        label: { formatter: () => n.label ?? n.id },
        itemStyle: { color: n.colour || DEFAULT_COLOUR, borderColor: n.emphasis ? '#f2b705' : '#fff', borderWidth: n.emphasis ? 4 : 1 },
      })),
      links: edges.filter((e) => position.has(e.source) && position.has(e.target))
        .map((e) => ({ source: e.source, target: e.target, tooltip: e.label })),
    }],
  };
}

/** A graph as an image with an accessible name; the caller shows the same facts as a table for screen readers. */
export function Graph({ nodes, edges, label }) {
  const option = useMemo(() => graphOption(nodes, edges), [nodes, edges]);
  const { rows } = useMemo(() => layout(nodes, edges), [nodes, edges]);
  return html`<${Chart} option=${option} label=${label} height=${Math.max(180, Math.min(640, rows * 64 + 60))} />`;
}
