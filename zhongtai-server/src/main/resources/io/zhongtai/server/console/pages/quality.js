// Data quality: the tables with quality results and their scores; per table its rules, a chart of the score over
// time, the results history and a button that checks the rules now.
import { useMemo, useState } from '/_static/htm/3.1.1/preact/standalone.module.js';
import { api } from '../api.js';
import { Cards, Chart, ErrorBox, Loaded, StateBadge, formatNumber, formatTime, html, useAction, useLoad } from '../components.js';
import { addMessages, t } from '../i18n.js';

addMessages({
  en: {
    'quality.title': 'Data quality', 'quality.tables': 'Checked tables', 'quality.table': 'Table', 'quality.score': 'Score',
    'quality.rules': 'Rules', 'quality.failed': 'Failed', 'quality.checked': 'Last checked', 'quality.none': 'No table has quality results yet. Pipelines check the rules of the tables they write; a table\'s page has a "Run checks" button.',
    'quality.unchecked': 'Tables never checked ({count})', 
    'quality.back': 'All checked tables', 'quality.run': 'Run checks', 'quality.running': 'Checking…',
    'quality.checkDone': 'Checked {count} rules: score {score}.', 'quality.scoreOverTime': 'Score over time', 'quality.scoreChart': 'Quality score of {table} over time',
    'quality.noHistory': 'This table has no quality results yet. Run checks to record some.', 'quality.rule': 'Rule', 'quality.type': 'Type',
    'quality.severity': 'Severity', 'quality.definition': 'Definition', 'quality.source': 'Attached to', 'quality.latest': 'Latest result',
    'quality.noRules': 'No quality rule is attached to this table or to a pipeline node that writes it.',
    'quality.history': 'Results history',
    'quality.failingRows': 'Failing rows', 'quality.observed': 'Observed',
    'quality.message': 'Message', 'quality.runNode': 'Run / node', 'quality.limit': 'Results to load', 'quality.catalog': 'Open in catalog',
    'quality.result': 'Result', 'quality.checks': 'checks', 'quality.attach': 'Attach rules to this table',
    'quality.rulesYaml': 'Rules (a YAML list, e.g. not_null, unique, accepted_values, range, row_count)', 'quality.attachRun': 'Attach and run checks',
  },
  'zh-CN': {
    'quality.title': '数据质量', 'quality.tables': '已检查的表', 'quality.table': '表', 'quality.score': '得分',
    'quality.rules': '规则数', 'quality.failed': '未通过', 'quality.checked': '最近检查', 'quality.none': '还没有表的质量结果。管道会检查其写入的表的规则；在表的页面上可以点击“运行检查”。',
    'quality.unchecked': '从未检查的表（{count}）', 
    'quality.back': '所有已检查的表', 'quality.run': '运行检查', 'quality.running': '检查中…',
    'quality.checkDone': '已检查 {count} 条规则：得分 {score}。', 'quality.scoreOverTime': '得分趋势', 'quality.scoreChart': '{table} 的质量得分趋势',
    'quality.noHistory': '此表还没有质量结果。运行检查即可记录。', 'quality.rule': '规则', 'quality.type': '类型',
    'quality.severity': '级别', 'quality.definition': '定义', 'quality.source': '所属', 'quality.latest': '最新结果',
    'quality.noRules': '此表及写入它的管道节点都没有质量规则。',
    'quality.history': '结果历史',
    'quality.failingRows': '失败行数', 'quality.observed': '观测值',
    'quality.message': '信息', 'quality.runNode': '运行 / 节点', 'quality.limit': '加载的结果数', 'quality.catalog': '在数据目录中打开',
    'quality.result': '结果', 'quality.checks': '次检查', 'quality.attach': '为此表添加规则',
    'quality.rulesYaml': '规则（YAML 列表，例如 not_null、unique、accepted_values、range、row_count）', 'quality.attachRun': '添加并运行检查',
  },
});

const enc = encodeURIComponent;
const percent = (score) => (score === null || score === undefined ? '' : `${(Number(score) * 100).toFixed(score === 1 || score === 0 ? 0 : 1)}%`);

/** Results (newest first) grouped into checks: one per checkedAt, with its score (passed over all). */
function checksOf(results) {
  const byTime = new Map();
  results.forEach((r) => {
    const check = byTime.get(r.checkedAt) || { checkedAt: r.checkedAt, results: [], passed: 0 };
    check.results.push(r);
    if (r.passed) check.passed++;
    byTime.set(r.checkedAt, check);
  });
  return [...byTime.values()].map((c) => ({ ...c, score: c.passed / c.results.length, failed: c.results.length - c.passed }));
}

function ScoreBadge({ score }) {
  const state = score === null || score === undefined ? '' : score >= 1 ? 'passed' : score >= 0.8 ? 'warn' : 'failed';
  return html`<span class=${`badge state-${state}`}>${percent(score)}</span>`;
}

/** Every checked table's latest score (GET /quality) and the tables never checked (from the catalog). */
async function loadOverview() {
  const [{ tables: scores }, catalog] = await Promise.all([api('/quality'), api('/catalog/columns')]);
  const checked = new Set(scores.map((s) => s.table));
  return { scores, unchecked: catalog.map((e) => `${e.namespace}.${e.table}`).filter((table) => !checked.has(table)) };
}

function Overview() {
  const state = useLoad(loadOverview, []);
  return html`<${Loaded} state=${state} render=${({ scores, unchecked }) => {
    const worstFirst = [...scores].sort((a, b) => a.score - b.score || a.table.localeCompare(b.table));
    return html`<div class="panel"><h2>${t('quality.tables')}</h2>
      ${worstFirst.length === 0 ? html`<p class="empty">${t('quality.none')}</p>` : html`<div class="table-scroll"><table class="list">
        <thead><tr><th scope="col">${t('quality.table')}</th><th scope="col">${t('quality.score')}</th><th scope="col">${t('quality.rules')}</th>
          <th scope="col">${t('quality.failed')}</th><th scope="col">${t('quality.checked')}</th></tr></thead>
        <tbody>${worstFirst.map((r) => html`<tr><td><a href=${`#/quality/${enc(r.table)}`}>${r.table}</a></td><td><${ScoreBadge} score=${r.score} /></td>
          <td class="num">${formatNumber(r.rules)}</td><td class="num">${formatNumber(r.failed)}</td>
          <td>${formatTime(r.checkedAt)}</td></tr>`)}</tbody></table></div>`}
      ${unchecked.length > 0 ? html`<details><summary>${t('quality.unchecked', { count: unchecked.length })}</summary>
        <ul class="columns">${unchecked.map((table) => html`<li><a href=${`#/quality/${enc(table)}`}>${table}</a></li>`)}</ul></details>` : null}
    </div>`;
  }} />`;
}

function ScoreChart({ table, checks }) {
  const option = useMemo(() => ({
    tooltip: { trigger: 'axis', valueFormatter: (v) => `${v}%` },
    grid: { left: 50, right: 20, top: 20, bottom: 40 },
    xAxis: { type: 'time' },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: [{ type: 'line', name: t('quality.score'), showSymbol: true,
      data: [...checks].reverse().map((c) => [c.checkedAt, Math.round(c.score * 1000) / 10]) }],
  }), [checks]);
  return html`<${Chart} option=${option} label=${t('quality.scoreChart', { table })} height=${260} />`;
}

function TableQuality({ table, limit }) {
  const [version, setVersion] = useState(0);
  const [check, setCheck] = useState(null);
  const { busy, error, perform } = useAction();
  const history = useLoad(() => api(`/quality/${enc(table)}/results`, { query: { limit } }), [table, limit, version]);
  const rules = useLoad(() => api(`/quality/${enc(table)}/rules`), [table, version]);
  const [rulesYaml, setRulesYaml] = useState('');
  const run = async (attach) => {
    await perform(async () => {
      setCheck(await api(`/quality/${enc(table)}/checks`, { method: 'POST', body: attach && rulesYaml.trim() ? { rules: rulesYaml } : {} }));
      if (attach) setRulesYaml('');
      setVersion((v) => v + 1);
    });
  };
  const checks = useMemo(() => checksOf((history.data && history.data.results) || []), [history.data]);
  const latest = new Map((checks[0] ? checks[0].results : []).map((r) => [r.rule, r]));
  return html`<div>
    <div class="toolbar">
      <a href="#/quality">← ${t('quality.back')}</a>
      <a href=${`#/catalog/${enc(table)}`}>${t('quality.catalog')}</a>
      <button type="button" class="primary" onClick=${() => run(false)} disabled=${busy}>${busy ? t('quality.running') : t('quality.run')}</button>
      <span role="status">${check ? html`${t('quality.checkDone', { count: check.results.length, score: percent(check.score) })}
        ${' '}<${StateBadge} state=${check.passed ? 'passed' : 'failed'} />` : ''}</span>
    </div>
    <${ErrorBox} error=${error} />
    <details><summary>${t('quality.attach')}</summary>
      <label for="quality-rules">${t('quality.rulesYaml')}</label>
      <textarea id="quality-rules" rows="5" class="code" value=${rulesYaml} placeholder=${'- {type: not_null, column: id}\n- {type: row_count, min: 1}'}
        onInput=${(e) => setRulesYaml(e.target.value)}></textarea>
      <div class="toolbar"><button type="button" onClick=${() => run(true)} disabled=${busy || !rulesYaml.trim()}>${t('quality.attachRun')}</button></div>
    </details>
    <${Cards} cards=${[
      ['quality.score', history.data ? html`<${ScoreBadge} score=${history.data.score} />` : history.error ? '–' : '…'],
      ['quality.checks', formatNumber(checks.length)],
      ['quality.failed', checks[0] ? formatNumber(checks[0].failed) : '–'],
      ['quality.checked', checks[0] ? formatTime(checks[0].checkedAt) : t('common.never')]]} />
    <div class="panel"><h2>${t('quality.scoreOverTime')}</h2>
      <${Loaded} state=${history} render=${() => (checks.length === 0 ? html`<p class="empty">${t('quality.noHistory')}</p>`
        : html`<${ScoreChart} table=${table} checks=${checks} />`)} /></div>
    <div class="panel"><h2>${t('quality.rules')}</h2>
      <${Loaded} state=${rules} render=${(list) => (list.length === 0 ? html`<p class="empty">${t('quality.noRules')}</p>` : html`
        <div class="table-scroll"><table class="list"><thead><tr><th scope="col">${t('quality.rule')}</th><th scope="col">${t('quality.type')}</th>
          <th scope="col">${t('quality.severity')}</th><th scope="col">${t('quality.definition')}</th><th scope="col">${t('quality.source')}</th>
          <th scope="col">${t('quality.latest')}</th><th scope="col">${t('quality.failingRows')}</th></tr></thead>
          <tbody>${list.map((r) => { const last = latest.get(r.rule); return html`<tr><td>${r.rule}</td><td>${r.type}</td><td>${String(r.severity || '').toLowerCase()}</td>
            <td class="wrap"><code>${r.definition || ''}</code></td><td>${r.source || ''}</td>
            <td>${last ? html`<${StateBadge} state=${last.passed ? 'passed' : 'failed'} />` : ''}</td>
            <td class="num">${last ? formatNumber(last.failingRows) : ''}</td></tr>`; })}</tbody></table></div>`)} /></div>
    <div class="panel"><div class="toolbar"><h2>${t('quality.history')}</h2>
      <label>${t('quality.limit')} <select value=${String(limit)} onChange=${(e) => { location.hash = `#/quality/${enc(table)}?limit=${e.target.value}`; }}>
        ${[50, 200, 1000].map((n) => html`<option value=${String(n)}>${n}</option>`)}</select></label></div>
      <${Loaded} state=${history} render=${(h) => ((h.results || []).length === 0 ? html`<p class="empty">${t('quality.noHistory')}</p>` : html`
        <div class="table-scroll grid-scroll"><table class="list"><thead><tr><th scope="col">${t('quality.checked')}</th><th scope="col">${t('quality.rule')}</th>
          <th scope="col">${t('quality.type')}</th><th scope="col">${t('quality.severity')}</th><th scope="col">${t('quality.result')}</th>
          <th scope="col">${t('quality.failingRows')}</th><th scope="col">${t('quality.observed')}</th><th scope="col">${t('quality.message')}</th>
          <th scope="col">${t('quality.runNode')}</th></tr></thead>
          <tbody>${h.results.map((r) => html`<tr><td>${formatTime(r.checkedAt)}</td><td>${r.rule}</td><td>${r.type}</td><td>${String(r.severity || '').toLowerCase()}</td>
            <td><${StateBadge} state=${r.passed ? 'passed' : 'failed'} /></td><td class="num">${formatNumber(r.failingRows)}</td>
            <td class="wrap">${r.observed || ''}</td><td class="wrap">${r.message || ''}</td>
            <td>${r.runId ? html`<span title=${r.runId}>${r.runId.slice(0, 8)}</span>` : ''}${r.node ? ` / ${r.node}` : ''}</td></tr>`)}</tbody></table></div>`)} /></div>
  </div>`;
}

export default function QualityPage({ route }) {
  const table = route.rest[0] || null;
  const limit = Math.min(1000, Math.max(1, Number(route.params.limit) || 200));
  return html`<section aria-labelledby="quality-title">
    <h1 id="quality-title">${t('quality.title')}${table ? html` <span class="muted">· ${table}</span>` : null}</h1>
    ${table ? html`<${TableQuality} key=${table} table=${table} limit=${limit} />` : html`<${Overview} />`}
  </section>`;
}
