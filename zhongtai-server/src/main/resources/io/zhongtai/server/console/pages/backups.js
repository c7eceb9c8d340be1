// Backups: repositories (add one), their backups (list, show), create, verify, restore with a dry-run preview first,
// recovery point age per table; backup/restore/verify runs and schedules.
import { useState } from '/_static/htm/3.1.1/preact/standalone.module.js';
import { api } from '../api.js';
import { ErrorBox, Loaded, StateBadge, Tabs, formatBytes, formatNumber, formatTime, html, useAction, useLoad } from '../components.js';
import { addMessages, t } from '../i18n.js';
import { Facts, durationSeconds, formatIsoDuration } from '../widgets.js';

addMessages({
  en: {
    'backups.title': 'Backups', 'backups.repos': 'Repositories', 'backups.addRepo': 'Add repository', 'backups.noRepos': 'No backup repository is registered yet.',
    'backups.pick': 'Pick a repository on the left, or add one.', 'backups.name': 'Name', 'backups.url': 'URL',
    'backups.urlHint': 'file:///path/to/dir or s3://bucket/prefix', 'backups.passphrase': 'Passphrase', 'backups.s3': 'S3 settings (optional)',
    'backups.passphraseHint': 'Initialises an empty location; opens an existing repository. It is never shown again.',
    'backups.endpoint': 'S3 endpoint', 'backups.endpointHint': 'For S3-compatible stores (MinIO, Ceph…); then path-style addressing is used',
    'backups.region': 'Region', 'backups.accessKey': 'Access key', 'backups.secretKey': 'Secret key', 'backups.add': 'Add repository',
    'backups.adding': 'Adding…', 'backups.added': 'Repository "{name}" added.', 'backups.repositoryId': 'Repository id',
    'backups.hasKeys': 'Keys stored', 'backups.pathStyle': 'Path-style', 'backups.created': 'Created', 'backups.yes': 'yes', 'backups.no': 'no',
    'backups.tab.backups': 'Backups', 'backups.tab.create': 'Create backup', 'backups.tab.verify': 'Verify', 'backups.tab.status': 'Recovery points',
    'backups.id': 'Backup', 'backups.tag': 'Tag', 'backups.scope': 'Scope', 'backups.tables': 'Tables', 'backups.rows': 'Rows',
    'backups.bytes': 'Size', 'backups.newBytes': 'New data', 'backups.duration': 'Duration', 'backups.none': 'This repository has no backup yet.',
    'backups.show': 'Show', 'backups.showLabel': 'Show backup {id}', 'backups.hide': 'Hide', 'backups.backup': 'Backup {id}',
    'backups.host': 'Host', 'backups.createdBy': 'Created by', 'backups.files': 'Files', 'backups.table': 'Table', 
    'backups.createTables': 'Tables (ns.table, comma-separated)', 'backups.createNamespaces': 'Namespaces', 'backups.everything': 'Leave both empty to back up every table.',
    'backups.create': 'Create backup', 'backups.creating': 'Backing up…', 'backups.createdOk': 'Backup {id} created: {tables} tables, {rows} rows, {bytes} ({newBytes} new).',
    'backups.readData': 'Read every object and check its content (slower)', 'backups.verify': 'Verify', 'backups.verifying': 'Verifying…',
    'backups.verified': 'Checked {backups} backups: {objects} objects, {bytes} read.', 'backups.problems': 'Problems', 'backups.noProblems': 'No problem found.',
    'backups.restore': 'Restore', 'backups.restoreTables': 'Tables to restore (none chosen: all of the backup\'s)',
    'backups.as': 'Restore as (new name, one table only)', 'backups.preview': 'Preview restore (dry run)', 'backups.previewing': 'Planning…',
    'backups.plan': 'Restore plan of backup {id}', 'backups.planDry': 'Dry run: nothing has been changed yet.', 'backups.source': 'From', 'backups.target': 'To',
    'backups.newTable': 'New table', 'backups.runRestore': 'Restore now', 'backups.restoring': 'Restoring…',
    'backups.confirmRestore': 'Restore {count} tables from backup {id}? Existing tables get a new snapshot.', 'backups.restored': 'Restored {count} tables ({bytes}).',
    'backups.metadata': 'Platform metadata', 'backups.rpo': 'Recovery point age (RPO)', 'backups.backedUpAt': 'Backed up', 'backups.newest': 'Newest backup',
    'backups.count': 'Backups', 'backups.lastRestore': 'Last restore', 'backups.noLastRestore': 'No restore has run from this repository.',
    'backups.noTables': 'No table is backed up in this repository.',
    'backups.runs': 'Runs', 'backups.noRuns': 'No backup, restore or verify has run yet.', 'backups.kind': 'Kind', 'backups.repo': 'Repository',
    'backups.state': 'State', 'backups.trigger': 'Trigger', 'backups.started': 'Started', 'backups.finished': 'Finished', 'backups.detail': 'Detail',
    'backups.schedules': 'Schedules', 'backups.noSchedules': 'No backup is scheduled. Schedule one with: zhongtai backup schedule add',
    'backups.cron': 'Cron', 'backups.timeZone': 'Time zone', 'backups.retention': 'Retention', 'backups.paused': 'Paused', 'backups.all': 'all tables',
  },
  'zh-CN': {
    'backups.title': '备份', 'backups.repos': '仓库', 'backups.addRepo': '添加仓库', 'backups.noRepos': '尚未注册备份仓库。',
    'backups.pick': '在左侧选择一个仓库，或添加一个。', 'backups.name': '名称', 'backups.url': 'URL',
    'backups.urlHint': 'file:///目录路径 或 s3://存储桶/前缀', 'backups.passphrase': '口令', 'backups.s3': 'S3 设置（可选）',
    'backups.passphraseHint': '对空位置进行初始化；对已有仓库则用于打开。之后不再显示。',
    'backups.endpoint': 'S3 端点', 'backups.endpointHint': '用于兼容 S3 的存储（MinIO、Ceph…）；此时使用路径式寻址',
    'backups.region': '区域', 'backups.accessKey': '访问密钥 ID', 'backups.secretKey': '访问密钥', 'backups.add': '添加仓库',
    'backups.adding': '添加中…', 'backups.added': '已添加仓库“{name}”。', 'backups.repositoryId': '仓库 ID',
    'backups.hasKeys': '已保存密钥', 'backups.pathStyle': '路径式寻址', 'backups.created': '创建时间', 'backups.yes': '是', 'backups.no': '否',
    'backups.tab.backups': '备份', 'backups.tab.create': '创建备份', 'backups.tab.verify': '校验', 'backups.tab.status': '恢复点',
    'backups.id': '备份', 'backups.tag': '标签', 'backups.scope': '范围', 'backups.tables': '表', 'backups.rows': '行数',
    'backups.bytes': '大小', 'backups.newBytes': '新增数据', 'backups.duration': '用时', 'backups.none': '此仓库还没有备份。',
    'backups.show': '查看', 'backups.showLabel': '查看备份 {id}', 'backups.hide': '收起', 'backups.backup': '备份 {id}',
    'backups.host': '主机', 'backups.createdBy': '创建者', 'backups.files': '文件数', 'backups.table': '表', 
    'backups.createTables': '表（命名空间.表，逗号分隔）', 'backups.createNamespaces': '命名空间', 'backups.everything': '两者都留空则备份所有表。',
    'backups.create': '创建备份', 'backups.creating': '备份中…', 'backups.createdOk': '已创建备份 {id}：{tables} 个表，{rows} 行，{bytes}（新增 {newBytes}）。',
    'backups.readData': '读取并检查每个对象的内容（较慢）', 'backups.verify': '校验', 'backups.verifying': '校验中…',
    'backups.verified': '已检查 {backups} 个备份：{objects} 个对象，读取 {bytes}。', 'backups.problems': '问题', 'backups.noProblems': '未发现问题。',
    'backups.restore': '恢复', 'backups.restoreTables': '要恢复的表（不选则恢复备份中的全部表）',
    'backups.as': '恢复为（新名称，仅限一个表）', 'backups.preview': '预览恢复（试运行）', 'backups.previewing': '规划中…',
    'backups.plan': '备份 {id} 的恢复计划', 'backups.planDry': '试运行：尚未做任何更改。', 'backups.source': '来源', 'backups.target': '目标',
    'backups.newTable': '新表', 'backups.runRestore': '立即恢复', 'backups.restoring': '恢复中…',
    'backups.confirmRestore': '从备份 {id} 恢复 {count} 个表？已有的表会产生新快照。', 'backups.restored': '已恢复 {count} 个表（{bytes}）。',
    'backups.metadata': '平台元数据', 'backups.rpo': '恢复点时长 (RPO)', 'backups.backedUpAt': '备份时间', 'backups.newest': '最新备份',
    'backups.count': '备份数', 'backups.lastRestore': '最近一次恢复', 'backups.noLastRestore': '尚未从此仓库恢复过。',
    'backups.noTables': '此仓库中没有已备份的表。',
    'backups.runs': '运行记录', 'backups.noRuns': '还没有运行过备份、恢复或校验。', 'backups.kind': '类型', 'backups.repo': '仓库',
    'backups.state': '状态', 'backups.trigger': '触发方式', 'backups.started': '开始时间', 'backups.finished': '结束时间', 'backups.detail': '详情',
    'backups.schedules': '计划', 'backups.noSchedules': '没有备份计划。用以下命令添加：zhongtai backup schedule add',
    'backups.cron': 'Cron 表达式', 'backups.timeZone': '时区', 'backups.retention': '保留策略', 'backups.paused': '已暂停', 'backups.all': '所有表',
  },
});

const enc = encodeURIComponent;
const yesNo = (value) => (value ? t('backups.yes') : t('backups.no'));
const splitList = (text) => text.split(/[,\s]+/).map((s) => s.trim()).filter(Boolean);

/** A schedule's or backup's scope: a describe() string, or {all?, namespaces, tables}. */
function scopeText(scope) {
  if (!scope) return '';
  if (typeof scope === 'string') return scope;
  const parts = [...(scope.namespaces || []).map((n) => `${n}.*`), ...(scope.tables || [])];
  return parts.length === 0 ? t('backups.all') : parts.join(', ');
}

function compact(value) {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'object') return String(value);
  return Object.entries(value).filter(([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`).join(', ');
}

function AddRepoForm({ onAdded }) {
  const [form, setForm] = useState({ name: '', url: '', passphrase: '', endpoint: '', region: '', accessKey: '', secretKey: '' });
  const { busy, error, perform } = useAction();
  const field = (key, label, { type = 'text', hint, required, autocomplete = 'off' } = {}) => html`
    <label for=${`repo-${key}`}>${t(label)}${required ? html` <span aria-hidden="true">*</span>` : null}</label>
    <div class="option"><input id=${`repo-${key}`} type=${type} required=${required} value=${form[key]} autocomplete=${autocomplete}
      aria-describedby=${hint ? `repo-${key}-hint` : undefined} onInput=${(e) => setForm({ ...form, [key]: e.target.value })} />
      ${hint ? html`<div class="muted small" id=${`repo-${key}-hint`}>${t(hint)}</div>` : null}</div>`;
  const submit = async (event) => {
    event.preventDefault();
    await perform(async () => {
      const body = Object.fromEntries(Object.entries(form).map(([k, v]) => [k, k === 'passphrase' ? v : v.trim()]).filter(([, v]) => v !== ''));
      onAdded(await api('/backups/repos', { method: 'POST', body }));
    });
  };
  return html`<div class="panel"><h2 id="add-repo-title">${t('backups.addRepo')}</h2>
    <form class="fields" onSubmit=${submit} aria-labelledby="add-repo-title">
      ${field('name', 'backups.name', { required: true })}
      ${field('url', 'backups.url', { required: true, hint: 'backups.urlHint' })}
      ${field('passphrase', 'backups.passphrase', { type: 'password', required: true, hint: 'backups.passphraseHint', autocomplete: 'new-password' })}
      <details class="span-all"><summary>${t('backups.s3')}</summary><div class="fields">
        ${field('endpoint', 'backups.endpoint', { hint: 'backups.endpointHint' })}
        ${field('region', 'backups.region')}
        ${field('accessKey', 'backups.accessKey')}
        ${field('secretKey', 'backups.secretKey', { type: 'password', autocomplete: 'new-password' })}
      </div></details>
      <div class="actions"><button type="submit" class="primary" disabled=${busy}>${busy ? t('backups.adding') : t('backups.add')}</button></div>
      <div class="span-all"><${ErrorBox} error=${error} /></div>
    </form></div>`;
}

function BackupList({ repo, version, onChanged }) {
  const backups = useLoad(() => api(`/backups/repos/${enc(repo)}/backups`), [repo, version]);
  const [shown, setShown] = useState(null);
  return html`<${Loaded} state=${backups} render=${(list) => (list.length === 0 ? html`<p class="empty">${t('backups.none')}</p>` : html`
    <div class="table-scroll"><table class="list"><thead><tr><th scope="col">${t('backups.id')}</th><th scope="col">${t('backups.created')}</th><th scope="col">${t('backups.tag')}</th>
      <th scope="col">${t('backups.scope')}</th><th scope="col">${t('backups.tables')}</th><th scope="col">${t('backups.rows')}</th>
      <th scope="col">${t('backups.bytes')}</th><th scope="col">${t('backups.newBytes')}</th><th scope="col">${t('backups.duration')}</th>
      <th scope="col"><span class="visually-hidden">${t('backups.show')}</span></th></tr></thead>
      <tbody>${[...list].reverse().map((b) => html`<tr><td>${b.id}</td><td>${formatTime(b.createdAt)}</td><td>${b.tag || ''}</td>
        <td class="wrap">${scopeText(b.scope)}</td><td class="num">${formatNumber(b.tables)}</td><td class="num">${formatNumber(b.rows)}</td>
        <td class="num">${formatBytes(b.bytes)}</td><td class="num">${formatBytes(b.newBytes)}</td><td>${formatIsoDuration(b.duration)}</td>
        <td><button type="button" aria-expanded=${shown === b.id} aria-label=${t('backups.showLabel', { id: b.id })}
          onClick=${() => setShown(shown === b.id ? null : b.id)}>${shown === b.id ? t('backups.hide') : t('backups.show')}</button></td></tr>`)}</tbody>
    </table></div>
    ${shown ? html`<${BackupDetail} key=${shown} repo=${repo} id=${shown} onChanged=${onChanged} />` : null}`)} />`;
}

function BackupDetail({ repo, id, onChanged }) {
  const backup = useLoad(() => api(`/backups/repos/${enc(repo)}/backups/${enc(id)}`), [repo, id]);
  return html`<div class="panel"><${Loaded} state=${backup} render=${(b) => html`
    <h3>${t('backups.backup', { id: b.id })}</h3>
    <${Facts} label=${t('backups.backup', { id: b.id })} facts=${[[t('backups.created'), formatTime(b.createdAt)], [t('backups.tag'), b.tag || ''],
      [t('backups.host'), b.host || ''], [t('backups.createdBy'), b.createdBy || ''], [t('backups.scope'), scopeText(b.scope)],
      [t('backups.files'), b.stats ? formatNumber(b.stats.files) : ''], [t('backups.bytes'), b.stats ? formatBytes(b.stats.bytes) : ''],
      [t('backups.newBytes'), b.stats ? formatBytes(b.stats.newBytes) : ''], [t('backups.duration'), b.stats ? formatIsoDuration(b.stats.durationMillis / 1000) : '']]} />
    <table class="list"><thead><tr><th scope="col">${t('backups.table')}</th><th scope="col">${t('backups.rows')}</th>
      <th scope="col">${t('backups.files')}</th><th scope="col">${t('backups.bytes')}</th></tr></thead>
      <tbody>${b.tables.map((table) => html`<tr><td>${table.name}</td><td class="num">${formatNumber(table.rows)}</td>
        <td class="num">${formatNumber(table.files)}</td><td class="num">${formatBytes(table.bytes)}</td></tr>`)}</tbody></table>
    <${Restore} repo=${repo} backup=${b} onChanged=${onChanged} />`} /></div>`;
}

/** Restore: choose tables (and a new name for one), preview the plan with a dry run, then run it for real. */
function Restore({ repo, backup, onChanged }) {
  const [chosen, setChosen] = useState([]);
  const [as, setAs] = useState('');
  const [plan, setPlan] = useState(null);
  const [done, setDone] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(null);
  const request = (dryRun) => api(`/backups/repos/${enc(repo)}/backups/${enc(backup.id)}/restore`, {
    method: 'POST', body: { tables: chosen, as: chosen.length === 1 && as.trim() ? as.trim() : undefined, dryRun },
  });
  const run = async (dryRun) => {
    if (!dryRun && !window.confirm(t('backups.confirmRestore', { count: plan.tables.length, id: backup.id }))) return;
    setBusy(dryRun ? 'preview' : 'restore');
    setError(null);
    try {
      const result = await request(dryRun);
      if (dryRun) { setPlan(result); setDone(null); } else { setDone(result); setPlan(null); onChanged(); }
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };
  const change = (next) => { setChosen(next); setPlan(null); setDone(null); };
  return html`<section aria-labelledby=${`restore-${backup.id}`}>
    <h3 id=${`restore-${backup.id}`}>${t('backups.restore')}</h3>
    <fieldset class="table-picks"><legend>${t('backups.restoreTables')}</legend>
      ${backup.tables.map((table) => html`<label class="check"><input type="checkbox" checked=${chosen.includes(table.name)}
        onChange=${(e) => change(e.target.checked ? [...chosen, table.name] : chosen.filter((c) => c !== table.name))} />${table.name}</label>`)}
    </fieldset>
    <div class="toolbar">
      <label>${t('backups.as')} <input value=${as} disabled=${chosen.length !== 1} placeholder=${chosen.length === 1 ? `${chosen[0]}_restored` : ''}
        onInput=${(e) => { setAs(e.target.value); setPlan(null); }} /></label>
      <button type="button" onClick=${() => run(true)} disabled=${!!busy}>${busy === 'preview' ? t('backups.previewing') : t('backups.preview')}</button>
    </div>
    <${ErrorBox} error=${error} />
    ${plan ? html`<div>
      <h4>${t('backups.plan', { id: plan.backupId })}</h4>
      <p class="muted">${t('backups.planDry')}${plan.metadata ? ` · ${t('backups.metadata')}` : ''}</p>
      <${PlanTable} plan=${plan} />
      <div class="toolbar"><button type="button" class="primary" onClick=${() => run(false)} disabled=${!!busy || plan.tables.length === 0}>
        ${busy === 'restore' ? t('backups.restoring') : t('backups.runRestore')}</button></div>
    </div>` : null}
    ${done ? html`<div><p role="status" class="badge state-succeeded">${t('backups.restored', { count: done.tables.length, bytes: formatBytes(done.tables.reduce((s, x) => s + x.bytes, 0)) })}</p>
      <${PlanTable} plan=${done} /></div>` : null}
  </section>`;
}

function PlanTable({ plan }) {
  return html`<table class="list"><thead><tr><th scope="col">${t('backups.source')}</th><th scope="col">${t('backups.target')}</th>
    <th scope="col">${t('backups.newTable')}</th><th scope="col">${t('backups.files')}</th><th scope="col">${t('backups.bytes')}</th>
    <th scope="col">${t('backups.rows')}</th></tr></thead>
    <tbody>${plan.tables.map((r) => html`<tr><td>${r.source}</td><td>${r.target}</td><td>${yesNo(r.newTable)}</td>
      <td class="num">${formatNumber(r.files)}</td><td class="num">${formatBytes(r.bytes)}</td><td class="num">${formatNumber(r.rows)}</td></tr>`)}</tbody></table>`;
}

function CreateBackup({ repo, onCreated }) {
  const namespaces = useLoad(() => api('/namespaces'), []);
  const [tables, setTables] = useState('');
  const [chosen, setChosen] = useState([]);
  const [tag, setTag] = useState('');
  const [result, setResult] = useState(null);
  const { busy, error, perform } = useAction();
  const submit = async (event) => {
    event.preventDefault();
    setResult(null);
    await perform(async () => {
      const backup = await api(`/backups/repos/${enc(repo)}/backups`, { method: 'POST', body: { tables: splitList(tables), namespaces: chosen, tag: tag.trim() || undefined } });
      setResult(backup);
      onCreated(backup);
    });
  };
  return html`<form class="fields" onSubmit=${submit} aria-label=${t('backups.tab.create')}>
    <span>${t('backups.createNamespaces')}</span>
    <${Loaded} state=${namespaces} render=${(list) => html`<fieldset class="toolbar"><legend class="visually-hidden">${t('backups.createNamespaces')}</legend>
      ${list.map((n) => html`<label class="check"><input type="checkbox" checked=${chosen.includes(n.name)}
        onChange=${(e) => setChosen(e.target.checked ? [...chosen, n.name] : chosen.filter((c) => c !== n.name))} />${n.name}</label>`)}</fieldset>`} />
    <label for="backup-tables">${t('backups.createTables')}</label>
    <input id="backup-tables" value=${tables} onInput=${(e) => setTables(e.target.value)} placeholder="dwd.orders, ods.customers" aria-describedby="backup-scope-hint" />
    <label for="backup-tag">${t('backups.tag')}</label>
    <input id="backup-tag" value=${tag} onInput=${(e) => setTag(e.target.value)} />
    <div class="actions"><button type="submit" class="primary" disabled=${busy}>${busy ? t('backups.creating') : t('backups.create')}</button>
      <span class="muted" id="backup-scope-hint">${t('backups.everything')}</span></div>
    <div class="span-all" role="status">${busy ? html`<progress aria-label=${t('backups.creating')}></progress>` : null}
      ${result ? html`<p class="badge state-succeeded">${t('backups.createdOk', { id: result.id, tables: result.tables.length,
        rows: formatNumber(result.tables.reduce((s, x) => s + x.rows, 0)), bytes: formatBytes(result.stats && result.stats.bytes),
        newBytes: formatBytes(result.stats && result.stats.newBytes) })}</p>` : null}</div>
    <div class="span-all"><${ErrorBox} error=${error} /></div>
  </form>`;
}

function Verify({ repo, onChanged }) {
  const [readData, setReadData] = useState(false);
  const [result, setResult] = useState(null);
  const { busy, error, perform } = useAction();
  const verify = async () => {
    setResult(null);
    await perform(async () => {
      setResult(await api(`/backups/repos/${enc(repo)}/verify`, { method: 'POST', body: { readData } }));
      onChanged();
    });
  };
  return html`<div>
    <div class="toolbar"><label class="check"><input type="checkbox" checked=${readData} onChange=${(e) => setReadData(e.target.checked)} />${t('backups.readData')}</label>
      <button type="button" class="primary" onClick=${verify} disabled=${busy}>${busy ? t('backups.verifying') : t('backups.verify')}</button></div>
    <div role="status">${busy ? html`<progress aria-label=${t('backups.verifying')}></progress>` : null}
      ${result ? html`<p>${t('backups.verified', { backups: formatNumber(result.backups), objects: formatNumber(result.objects), bytes: formatBytes(result.bytesRead) })}
        ${' '}<${StateBadge} state=${result.problems.length === 0 ? 'ok' : 'failed'} /></p>` : null}</div>
    ${result ? (result.problems.length === 0 ? html`<p class="muted">${t('backups.noProblems')}</p>`
      : html`<h4>${t('backups.problems')}</h4><ul class="problems">${result.problems.map((p) => html`<li>${p}</li>`)}</ul>`) : null}
    <${ErrorBox} error=${error} />
  </div>`;
}

function Status({ repo, version }) {
  const status = useLoad(() => api(`/backups/repos/${enc(repo)}/status`), [repo, version]);
  return html`<${Loaded} state=${status} render=${(s) => html`
    <${Facts} label=${t('backups.tab.status')} facts=${[[t('backups.count'), formatNumber(s.backups)], [t('backups.newest'), formatTime(s.newest)]]} />
    ${(s.tables || []).length === 0 ? html`<p class="empty">${t('backups.noTables')}</p>` : html`<table class="list">
      <thead><tr><th scope="col">${t('backups.table')}</th><th scope="col">${t('backups.rpo')}</th><th scope="col">${t('backups.backedUpAt')}</th>
        <th scope="col">${t('backups.id')}</th></tr></thead>
      <tbody>${s.tables.map((row) => html`<tr><td>${row.table}</td><td>${formatIsoDuration(durationSeconds(row.age))}</td>
        <td>${formatTime(row.backedUpAt)}</td><td>${row.backupId}</td></tr>`)}</tbody></table>`}
    <h3>${t('backups.lastRestore')}</h3>
    ${s.lastRestore ? html`<${Facts} label=${t('backups.lastRestore')} facts=${[[t('backups.id'), s.lastRestore.backupId],
      [t('backups.state'), html`<${StateBadge} state=${s.lastRestore.state} />`], [t('backups.started'), formatTime(s.lastRestore.startedAt)],
      [t('backups.finished'), formatTime(s.lastRestore.finishedAt)], [t('backups.duration'), runDuration(s.lastRestore)],
      [t('backups.bytes'), formatBytes(s.lastRestore.bytes)], [t('backups.detail'), s.lastRestore.detail || s.lastRestore.error || '']]} />`
      : html`<p class="empty">${t('backups.noLastRestore')}</p>`}`} />`;
}

function runDuration(run) {
  if (!run.startedAt || !run.finishedAt) return '';
  return formatIsoDuration((new Date(run.finishedAt) - new Date(run.startedAt)) / 1000);
}

function RepoDetail({ name, version, onChanged }) {
  const repos = useLoad(() => api('/backups/repos'), [name]);
  const [tab, setTab] = useState('backups');
  const tabs = ['backups', 'create', 'verify', 'status'];
  return html`<${Loaded} state=${repos} render=${(list) => {
    const repo = list.find((r) => r.name === name);
    if (!repo) return html`<${ErrorBox} error=${new Error(`${t('backups.repo')} "${name}"?`)} />`;
    return html`<div class="panel">
      <h2>${repo.name} <span class="muted small">${repo.url}</span></h2>
      <details><summary>${t('backups.repositoryId')}: ${repo.repositoryId}</summary>
        <${Facts} label=${repo.name} facts=${[[t('backups.url'), repo.url], [t('backups.endpoint'), repo.endpoint || ''], [t('backups.region'), repo.region || ''],
          [t('backups.pathStyle'), yesNo(repo.pathStyle)], [t('backups.hasKeys'), yesNo(repo.hasKeys)],
          [t('backups.created'), `${formatTime(repo.createdAt)}${repo.createdBy ? ` · ${repo.createdBy}` : ''}`]]} /></details>
      <${Tabs} id="backup" label=${repo.name} tabs=${tabs.map((key) => ({ key, label: t(`backups.tab.${key}`) }))} selected=${tab} onSelect=${setTab}>
        ${tab === 'backups' ? html`<${BackupList} repo=${name} version=${version} onChanged=${onChanged} />` : null}
        ${tab === 'create' ? html`<${CreateBackup} repo=${name} onCreated=${onChanged} />` : null}
        ${tab === 'verify' ? html`<${Verify} repo=${name} onChanged=${onChanged} />` : null}
        ${tab === 'status' ? html`<${Status} repo=${name} version=${version} />` : null}
      <//>
    </div>`;
  }} />`;
}

function Runs({ version }) {
  const runs = useLoad(() => api('/backups/runs', { query: { limit: 50 } }), [version]);
  return html`<div class="panel"><div class="toolbar"><h2>${t('backups.runs')}</h2>
      <button type="button" onClick=${runs.reload}>${t('common.refresh')}</button></div>
    <${Loaded} state=${runs} render=${(list) => (list.length === 0 ? html`<p class="empty">${t('backups.noRuns')}</p>` : html`<div class="grid-scroll">
      <table class="list"><thead><tr><th scope="col">${t('backups.kind')}</th><th scope="col">${t('backups.repo')}</th><th scope="col">${t('backups.id')}</th>
        <th scope="col">${t('backups.state')}</th><th scope="col">${t('backups.trigger')}</th><th scope="col">${t('backups.started')}</th>
        <th scope="col">${t('backups.duration')}</th><th scope="col">${t('backups.bytes')}</th><th scope="col">${t('backups.newBytes')}</th>
        <th scope="col">${t('backups.detail')}</th></tr></thead>
        <tbody>${list.map((r) => html`<tr><td>${r.kind}</td><td><a href=${`#/backups/${enc(r.repo)}`}>${r.repo}</a></td><td>${r.backupId || ''}</td>
          <td><${StateBadge} state=${r.state} /></td><td>${r.trigger || ''}</td><td>${formatTime(r.startedAt)}</td><td>${runDuration(r)}</td>
          <td class="num">${formatBytes(r.bytes)}</td><td class="num">${formatBytes(r.newBytes)}</td><td class="wrap">${r.error || r.detail || ''}</td></tr>`)}</tbody>
      </table></div>`)} /></div>`;
}

function Schedules() {
  const schedules = useLoad(() => api('/backups/schedules'), []);
  return html`<div class="panel"><h2>${t('backups.schedules')}</h2>
    <${Loaded} state=${schedules} render=${(list) => (list.length === 0 ? html`<p class="empty">${t('backups.noSchedules')}</p>` : html`
      <table class="list"><thead><tr><th scope="col">${t('backups.name')}</th><th scope="col">${t('backups.repo')}</th><th scope="col">${t('backups.cron')}</th>
        <th scope="col">${t('backups.timeZone')}</th><th scope="col">${t('backups.scope')}</th><th scope="col">${t('backups.retention')}</th>
        <th scope="col">${t('backups.paused')}</th><th scope="col">${t('backups.created')}</th></tr></thead>
        <tbody>${list.map((s) => html`<tr><td>${s.name}</td><td><a href=${`#/backups/${enc(s.repo)}`}>${s.repo}</a></td><td><code>${s.cron}</code></td>
          <td>${s.timeZone || ''}</td><td class="wrap">${scopeText(s.scope)}</td><td class="wrap">${compact(s.retention)}</td>
          <td>${yesNo(s.paused)}</td><td>${formatTime(s.createdAt)}</td></tr>`)}</tbody></table>`)} /></div>`;
}

export default function BackupsPage({ route }) {
  const [version, setVersion] = useState(0);
  const [message, setMessage] = useState('');
  const repos = useLoad(() => api('/backups/repos'), [version]);
  const selected = route.rest[0] || null;
  const adding = 'new' in route.params || (!selected && repos.data && repos.data.length === 0);
  const added = (repo) => {
    setMessage(t('backups.added', { name: repo.name }));
    setVersion((v) => v + 1);
    location.hash = `#/backups/${enc(repo.name)}`;
  };
  return html`<section aria-labelledby="backups-title">
    <h1 id="backups-title">${t('backups.title')}</h1>
    <div class="split">
      <aside aria-label=${t('backups.repos')}>
        <div class="toolbar"><a class="button" href="#/backups?new" aria-current=${adding ? 'page' : undefined}>${t('backups.addRepo')}</a></div>
        <${Loaded} state=${repos} render=${(list) => (list.length === 0 ? html`<p class="empty">${t('backups.noRepos')}</p>`
          : html`<ul class="nav-list">${list.map((r) => html`<li><a href=${`#/backups/${enc(r.name)}`} aria-current=${selected === r.name ? 'page' : undefined}>${r.name}</a>
            <div class="muted small">${r.url}</div></li>`)}</ul>`)} />
      </aside>
      <div>
        <p role="status" class="muted status-line">${message}</p>
        ${adding ? html`<${AddRepoForm} onAdded=${added} />`
          : selected ? html`<${RepoDetail} key=${selected} name=${selected} version=${version} onChanged=${() => setVersion((v) => v + 1)} />`
          : html`<p class="empty">${t('backups.pick')}</p>`}
        <${Runs} version=${version} />
        <${Schedules} />
      </div>
    </div>
  </section>`;
}
