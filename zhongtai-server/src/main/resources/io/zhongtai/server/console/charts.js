// Chart specs ({type, x, y: [columns], series?}) of saved queries, turned into ECharts options over a query result.
import { addMessages, t } from './i18n.js';

export const CHART_TYPES = ['bar', 'line', 'area', 'pie', 'scatter', 'table'];

addMessages({
  en: { 'chart.bar': 'Bar', 'chart.line': 'Line', 'chart.area': 'Area', 'chart.pie': 'Pie', 'chart.scatter': 'Scatter', 'chart.table': 'Table',
    'chart.missingColumn': 'The chart uses column "{column}", which the result does not have.' },
  'zh-CN': { 'chart.bar': '柱状图', 'chart.line': '折线图', 'chart.area': '面积图', 'chart.pie': '饼图', 'chart.scatter': '散点图', 'chart.table': '表格',
    'chart.missingColumn': '图表使用的列“{column}”不在结果中。' },
});

/** Numbers for the value axis: JSON numbers stay, numeric strings (e.g. large DECIMALs) are parsed, the rest is null. */
function numeric(value) {
  if (typeof value === 'number') return value;
  const parsed = typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(parsed) ? parsed : null;
}

/** A spec checked against the result's columns; throws an Error naming the missing column. */
function indexes(spec, columns) {
  const index = (name) => {
    const i = columns.findIndex((c) => c.name === name);
    if (i < 0) throw new Error(t('chart.missingColumn', { column: name }));
    return i;
  };
  return { x: index(spec.x), y: (spec.y || []).map(index), series: spec.series ? index(spec.series) : -1 };
}

/** The ECharts option for spec over rows, or throws when the spec names a column the result lacks. */
export function chartOption(spec, columns, rows) {
  const at = indexes(spec, columns);
  const categories = [...new Set(rows.map((r) => String(r[at.x])))];
  if (spec.type === 'pie') {
    return {
      tooltip: { trigger: 'item' }, legend: { type: 'scroll', bottom: 0 },
      series: [{ type: 'pie', radius: '65%', data: rows.map((r) => ({ name: String(r[at.x]), value: numeric(r[at.y[0]]) })) }],
    };
  }
  if (spec.type === 'scatter') {
    return {
      tooltip: { trigger: 'item' }, legend: {}, xAxis: { type: 'value', name: spec.x, nameLocation: 'middle', nameGap: 30, scale: true }, yAxis: { type: 'value', scale: true },
      series: at.y.map((y, i) => ({ type: 'scatter', name: spec.y[i], data: rows.map((r) => [numeric(r[at.x]), numeric(r[y])]) })),
    };
  }
  const type = spec.type === 'area' ? 'line' : spec.type;
  const area = spec.type === 'area' ? { areaStyle: {} } : {};
  let series;
  if (at.series >= 0) {
    // one series per distinct value of the series column, the first value column pivoted under it
    const groups = [...new Set(rows.map((r) => String(r[at.series])))];
    series = groups.map((group) => {
      const byCategory = new Map(rows.filter((r) => String(r[at.series]) === group).map((r) => [String(r[at.x]), numeric(r[at.y[0]])]));
      return { type, name: group, data: categories.map((c) => byCategory.get(c) ?? null), ...area };
    });
  } else {
    series = at.y.map((y, i) => {
      const byCategory = new Map(rows.map((r) => [String(r[at.x]), numeric(r[y])]));
      return { type, name: spec.y[i], data: categories.map((c) => byCategory.get(c) ?? null), ...area };
    });
  }
  return {
    tooltip: { trigger: 'axis' }, legend: { type: 'scroll' }, grid: { left: 16, right: 24, bottom: 40, top: 40, containLabel: true },
    xAxis: { type: 'category', name: spec.x, nameLocation: 'middle', nameGap: 30, data: categories }, yAxis: { type: 'value' }, series,
  };
}

/** A first guess for a new result: the first text/date column as x, the numeric ones as y. */
export function defaultSpec(columns, rows) {
  const numericColumn = (i) => rows.length > 0 && rows.slice(0, 20).every((r) => r[i] === null || numeric(r[i]) !== null);
  const numbers = columns.map((c, i) => i).filter(numericColumn);
  const x = columns.findIndex((c, i) => !numbers.includes(i));
  const xIndex = x >= 0 ? x : 0;
  return { type: 'bar', x: columns[xIndex]?.name, y: numbers.filter((i) => i !== xIndex).slice(0, 3).map((i) => columns[i].name) };
}
