// The console's shell: sign-in, navigation, language switch and a hash router that loads each page's module.
import { html, render, useEffect, useState } from '/_static/htm/3.1.1/preact/standalone.module.js';
import { api, onUnauthorized, signIn, signOut, token } from './api.js';
import { ErrorBox, useAction } from './components.js';
import { LANGUAGES, language, setLanguage, t } from './i18n.js';

const PAGES = [
  { path: 'home', label: 'nav.home', module: './pages/home.js' },
  { path: 'sql', label: 'nav.sql', module: './pages/sql.js' },
  { path: 'dashboards', label: 'nav.dashboards', module: './pages/dashboards.js' },
  { path: 'catalog', label: 'nav.catalog', module: './pages/catalog.js' },
  { path: 'sources', label: 'nav.sources', module: './pages/sources.js' },
  { path: 'pipelines', label: 'nav.pipelines', module: './pages/pipelines.js' },
  { path: 'quality', label: 'nav.quality', module: './pages/quality.js' },
  { path: 'backups', label: 'nav.backups', module: './pages/backups.js' },
];

/** '#/catalog/dwd.orders?tab=lineage' -> {page: 'catalog', rest: ['dwd.orders'], params: {tab: 'lineage'}}. */
function currentRoute() {
  const [path, search] = location.hash.replace(/^#\/?/, '').split('?');
  const decode = (segment) => { try { return decodeURIComponent(segment); } catch (e) { return segment; } };
  const [page, ...rest] = path.split('/').map(decode);
  return { page: page || 'home', rest, params: Object.fromEntries(new URLSearchParams(search || '')) };
}

function SignIn({ onSignedIn }) {
  const [value, setValue] = useState('');
  const [remember, setRemember] = useState(false);
  const { busy, error, perform } = useAction();
  const submit = async (event) => {
    event.preventDefault();
    await perform(async () => {
      const me = await api('/me', { withToken: value.trim() });
      signIn(value.trim(), remember);
      onSignedIn(me);
    });
  };
  return html`<main class="sign-in">
    <form onSubmit=${submit} aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">${t('signIn.title')}</h1>
      <label for="token">${t('signIn.token')}</label>
      <input id="token" name="token" type="password" autocomplete="current-password" required value=${value}
        onInput=${(e) => setValue(e.target.value)} autofocus />
      <label class="check"><input type="checkbox" checked=${remember} onChange=${(e) => setRemember(e.target.checked)} />
        ${t('signIn.remember')}</label>
      <button type="submit" disabled=${busy || !value.trim()}>${t('signIn.submit')}</button>
      <p class="muted">${t('signIn.help')}</p>
      ${error ? html`<${ErrorBox} error=${error} />` : null}
    </form>
    <${LanguagePicker} />
  </main>`;
}

function LanguagePicker() {
  const [, rerender] = useState(0);
  const change = (e) => { setLanguage(e.target.value); rerender((n) => n + 1); window.dispatchEvent(new Event('languagechange-zt')); };
  return html`<label class="language">${t('nav.language')}
    <select value=${language()} onChange=${change}>
      ${LANGUAGES.map((l) => html`<option value=${l.code}>${l.name}</option>`)}
    </select></label>`;
}

function Page({ route }) {
  const entry = PAGES.find((p) => p.path === route.page);
  const [loaded, setLoaded] = useState(null);
  useEffect(() => {
    setLoaded(null);
    if (entry) import(entry.module).then((module) => setLoaded({ path: entry.path, Component: module.default }), (error) => setLoaded({ path: entry.path, error }));
  }, [entry && entry.path]);
  if (!entry) return html`<p class="empty">${t('common.notFound', { path: location.hash })}</p>`;
  if (!loaded || loaded.path !== entry.path) return html`<p class="loading" role="status">${t('common.loading')}</p>`;
  if (loaded.error) return html`<${ErrorBox} error=${loaded.error} />`;
  return html`<${loaded.Component} route=${route} />`;
}

function Shell({ me, onSignOut }) {
  const [route, setRoute] = useState(currentRoute());
  useEffect(() => {
    const update = () => setRoute(currentRoute());
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  useEffect(() => { document.title = `${t(PAGES.find((p) => p.path === route.page)?.label || 'app.name')} · ${t('app.name')}`; }, [route.page, language()]);
  return html`<div class="shell">
    <header class="top">
      <a class="brand" href="#/home">${t('app.name')}</a>
      <nav aria-label=${t('nav.main')}><ul>
        ${PAGES.map((p) => html`<li><a href=${`#/${p.path}`} aria-current=${route.page === p.path ? 'page' : undefined}>${t(p.label)}</a></li>`)}
      </ul></nav>
      <div class="who">
        <span class="muted">${t('nav.signedInAs', { name: me.name })}</span>
        <${LanguagePicker} />
        <button type="button" onClick=${onSignOut}>${t('nav.signOut')}</button>
      </div>
    </header>
    <main id="main"><${Page} key=${route.page} route=${route} /></main>
  </div>`;
}

function App() {
  const [me, setMe] = useState(undefined);
  const [startError, setStartError] = useState(null);
  // only a refused token signs out; an unreachable or failing server keeps it and offers a retry
  const checkToken = () => {
    setStartError(null);
    api('/me').then(setMe, (e) => { if (e.status === 401) { signOut(); setMe(null); } else setStartError(e); });
  };
  const [, setLanguageVersion] = useState(0);
  useEffect(() => {
    document.documentElement.lang = language();
    const relabel = () => setLanguageVersion((n) => n + 1);
    window.addEventListener('languagechange-zt', relabel);
    const stop = onUnauthorized(() => { signOut(); setMe(null); });
    if (token()) checkToken();
    else setMe(null);
    return () => { stop(); window.removeEventListener('languagechange-zt', relabel); };
  }, []);
  if (startError) return html`<main class="sign-in"><${ErrorBox} error=${startError} onRetry=${checkToken} /></main>`;
  if (me === undefined) return html`<p class="loading" role="status">${t('common.loading')}</p>`;
  if (me === null) return html`<${SignIn} onSignedIn=${setMe} />`;
  return html`<${Shell} me=${me} onSignOut=${() => { signOut(); setMe(null); }} />`;
}

render(html`<${App} />`, document.getElementById('app'));
