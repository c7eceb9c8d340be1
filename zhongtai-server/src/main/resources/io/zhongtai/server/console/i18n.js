// Messages in English and Simplified Chinese. Each page adds its own with addMessages; t(key, params) looks up the
// current language, then English, then shows the key itself (so a missing message is visible, not blank).
const LANGUAGE_KEY = 'zhongtai.language';
export const LANGUAGES = [{ code: 'en', name: 'English' }, { code: 'zh-CN', name: '简体中文' }];
const messages = { en: {}, 'zh-CN': {} };

export function addMessages(byLanguage) {
  Object.entries(byLanguage).forEach(([language, entries]) => Object.assign(messages[language], entries));
}

export function language() {
  const stored = localStorage.getItem(LANGUAGE_KEY);
  if (stored && messages[stored]) return stored;
  return (navigator.language || 'en').toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export function setLanguage(code) {
  localStorage.setItem(LANGUAGE_KEY, code);
  document.documentElement.lang = code;
}

export function t(key, params) {
  const text = messages[language()][key] ?? messages.en[key] ?? key;
  return params ? text.replace(/\{(\w+)\}/g, (match, name) => (name in params ? String(params[name]) : match)) : text;
}

addMessages({
  en: {
    'app.name': 'Zhongtai', 'nav.home': 'Home', 'nav.sql': 'SQL', 'nav.dashboards': 'Dashboards', 'nav.catalog': 'Catalog',
    'nav.sources': 'Sources', 'nav.pipelines': 'Pipelines', 'nav.quality': 'Quality', 'nav.backups': 'Backups',
    'nav.main': 'Main', 'nav.language': 'Language', 'nav.signOut': 'Sign out', 'nav.signedInAs': 'Signed in as {name}',
    'signIn.title': 'Sign in to Zhongtai', 'signIn.token': 'API token', 'signIn.remember': 'Remember me on this browser',
    'signIn.submit': 'Sign in', 'signIn.help': 'Create a token with: zhongtai token create --name <name>',
    
    'common.loading': 'Loading…', 'common.error': 'Error', 'common.retry': 'Retry', 'common.empty': 'Nothing here yet.',
    'common.previous': 'Previous', 'common.next': 'Next', 'common.page': 'Rows {from}–{to} of {total}',
    'common.pageMore': 'Rows {from}–{to} of {total}+', 'common.save': 'Save', 'common.cancel': 'Cancel',
    'common.refresh': 'Refresh',
    'common.notFound': 'No page at {path}.', 'common.never': 'never', 'common.position': '(line {line}, column {column})',
    'state.succeeded': 'succeeded', 'state.failed': 'failed', 'state.running': 'running', 'state.queued': 'queued',
    'state.retrying': 'retrying', 'state.stopping': 'stopping', 'state.stopped': 'stopped', 'state.pending': 'pending',
    'state.skipped': 'skipped', 'state.cancelled': 'cancelled', 'state.abandoned': 'abandoned', 'state.passed': 'passed',
    'state.ok': 'ok', 'state.error': 'error', 'state.unknown': 'unknown',
  },
  'zh-CN': {
    'app.name': '中台', 'nav.home': '首页', 'nav.sql': 'SQL 工作台', 'nav.dashboards': '仪表板', 'nav.catalog': '数据目录',
    'nav.sources': '数据源', 'nav.pipelines': '管道', 'nav.quality': '数据质量', 'nav.backups': '备份',
    'nav.main': '主导航', 'nav.language': '语言', 'nav.signOut': '退出登录', 'nav.signedInAs': '当前用户：{name}',
    'signIn.title': '登录中台', 'signIn.token': 'API 令牌', 'signIn.remember': '在此浏览器上记住我',
    'signIn.submit': '登录', 'signIn.help': '用以下命令创建令牌：zhongtai token create --name <名称>',
    
    'common.loading': '加载中…', 'common.error': '错误', 'common.retry': '重试', 'common.empty': '暂无内容。',
    'common.previous': '上一页', 'common.next': '下一页', 'common.page': '第 {from}–{to} 行，共 {total} 行',
    'common.pageMore': '第 {from}–{to} 行，共 {total}+ 行', 'common.save': '保存', 'common.cancel': '取消',
    'common.refresh': '刷新',
    'common.notFound': '没有页面 {path}。', 'common.never': '从未', 'common.position': '（第 {line} 行，第 {column} 列）',
    'state.succeeded': '成功', 'state.failed': '失败', 'state.running': '运行中', 'state.queued': '排队中',
    'state.retrying': '重试中', 'state.stopping': '停止中', 'state.stopped': '已停止', 'state.pending': '等待中',
    'state.skipped': '已跳过', 'state.cancelled': '已取消', 'state.abandoned': '已放弃', 'state.passed': '通过',
    'state.ok': '正常', 'state.error': '错误', 'state.unknown': '未知',
  },
});
