// Home: what the platform holds, what ran lately, which quality rules fail, how old each table's newest backup is.
import { api } from '../api.js';
import { Cards, ErrorBox, Loaded, StateBadge, formatBytes, formatDuration, formatNumber, formatTime, html, useLoad } from '../components.js';
import { addMessages, t } from '../i18n.js';

addMessages({
  en: {
    'home.title': 'Overview', 'home.sources': 'Sources', 'home.namespaces': 'Namespaces', 'home.tables': 'Tables',
    'home.rows': 'Rows', 'home.bytes': 'Stored', 'home.recentRuns': 'Recent pipeline runs', 'home.failingRules': 'Failing quality rules',
    'home.backups': 'Backups: recovery point age', 'home.noRuns': 'No pipeline has run yet.', 'home.noFailures': 'Every checked rule passes.',
    'home.noRepos': 'No backup repository is registered.', 'home.pipeline': 'Pipeline', 'home.bizdate': 'Business date',
    'home.state': 'State', 'home.started': 'Started', 'home.table': 'Table', 'home.rule': 'Rule', 'home.severity': 'Severity',
    'home.failingRows': 'Failing rows', 'home.checked': 'Checked', 'home.age': 'Recovery point age',
    'home.newest': 'Newest backup',
  },
  'zh-CN': {
    'home.title': '概览', 'home.sources': '数据源', 'home.namespaces': '命名空间', 'home.tables': '表',
    'home.rows': '行数', 'home.bytes': '存储量', 'home.recentRuns': '最近的管道运行', 'home.failingRules': '未通过的质量规则',
    'home.backups': '备份：恢复点时长 (RPO)', 'home.noRuns': '还没有管道运行过。', 'home.noFailures': '所有已检查的规则均通过。',
    'home.noRepos': '尚未注册备份仓库。', 'home.pipeline': '管道', 'home.bizdate': '业务日期',
    'home.state': '状态', 'home.started': '开始时间', 'home.table': '表', 'home.rule': '规则', 'home.severity': '级别',
    'home.failingRows': '失败行数', 'home.checked': '检查时间', 'home.age': '恢复点时长',
    'home.newest': '最新备份',
  },
});

function Totals({ overview }) {
  const cards = [
    ['home.sources', formatNumber(overview.sources)], ['home.namespaces', formatNumber(overview.namespaces)],
    ['home.tables', formatNumber(overview.tables)], ['home.rows', formatNumber(overview.rows)], ['home.bytes', formatBytes(overview.bytes)],
  ];
  return html`<${Cards} cards=${cards} />`;
}

function RecentRuns({ runs }) {
  if (runs.length === 0) return html`<p class="empty">${t('home.noRuns')}</p>`;
  return html`<table class="list"><thead><tr><th scope="col">${t('home.pipeline')}</th><th scope="col">${t('home.bizdate')}</th>
    <th scope="col">${t('home.state')}</th><th scope="col">${t('home.started')}</th></tr></thead>
    <tbody>${runs.map((r) => html`<tr><td><a href=${`#/pipelines/${encodeURIComponent(r.pipeline)}?run=${r.id}`}>${r.pipeline}</a></td>
      <td>${r.bizdate}</td><td><${StateBadge} state=${r.state} /></td><td>${formatTime(r.startedAt || r.queuedAt)}</td></tr>`)}</tbody></table>`;
}

function FailingRules({ rules }) {
  if (rules.length === 0) return html`<p class="empty">${t('home.noFailures')}</p>`;
  return html`<table class="list"><thead><tr><th scope="col">${t('home.table')}</th><th scope="col">${t('home.rule')}</th>
    <th scope="col">${t('home.severity')}</th><th scope="col">${t('home.failingRows')}</th><th scope="col">${t('home.checked')}</th></tr></thead>
    <tbody>${rules.map((r) => html`<tr><td><a href=${`#/quality/${encodeURIComponent(r.table)}`}>${r.table}</a></td><td>${r.rule}</td>
      <td>${r.severity}</td><td>${formatNumber(r.failingRows)}</td><td>${formatTime(r.checkedAt)}</td></tr>`)}</tbody></table>`;
}

function BackupAges({ repos }) {
  if (repos.length === 0) return html`<p class="empty">${t('home.noRepos')}</p>`;
  return repos.map((repo) => html`<div>
    <h3>${repo.repo} <span class="muted">${t('home.newest')}: ${formatTime(repo.newest)}</span></h3>
    ${repo.error ? html`<${ErrorBox} error=${new Error(repo.error)} />` : html`<table class="list">
      <thead><tr><th scope="col">${t('home.table')}</th><th scope="col">${t('home.age')}</th></tr></thead>
      <tbody>${(repo.tables || []).map((table) => html`<tr><td>${table.table}</td><td>${formatDuration(table.ageSeconds)}</td></tr>`)}</tbody>
    </table>`}</div>`);
}

export default function HomePage() {
  const overview = useLoad(() => api('/overview'), []);
  return html`<section aria-labelledby="home-title">
    <h1 id="home-title">${t('home.title')}</h1>
    <${Loaded} state=${overview} render=${(o) => html`
      <${Totals} overview=${o} />
      <div class="panel"><h2>${t('home.recentRuns')}</h2><${RecentRuns} runs=${o.recentRuns || []} /></div>
      <div class="panel"><h2>${t('home.failingRules')}</h2><${FailingRules} rules=${o.failingRules || []} /></div>
      <div class="panel"><h2>${t('home.backups')}</h2><${BackupAges} repos=${o.backups || []} /></div>`} />
  </section>`;
}
