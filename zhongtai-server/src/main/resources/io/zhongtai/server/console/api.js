// Calls to the REST API (/api/v1) with the signed-in token; errors become ApiError with the server's problem detail.
const TOKEN_KEY = 'zhongtai.token';

export function token() {
  return sessionStorage.getItem(TOKEN_KEY) || localStorage.getItem(TOKEN_KEY);
}

/** Keeps the token for this tab only, or across browser restarts when the user asks to be remembered. */
export function signIn(value, remember) {
  signOut();
  (remember ? localStorage : sessionStorage).setItem(TOKEN_KEY, value);
}

export function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
  localStorage.removeItem(TOKEN_KEY);
}

/** An API call that failed: status and the RFC 9457 problem body (title, detail, position...). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem && problem.detail ? problem.detail : `HTTP ${status}${problem && problem.title ? ': ' + problem.title : ''}`);
    this.status = status;
    this.problem = problem || {};
  }
}

const unauthorizedListeners = new Set();

/** Called when the server answers 401 (token revoked or wrong): the app shows the sign-in page. */
export function onUnauthorized(listener) {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

/**
 * Calls /api/v1 + path. {@code exact}: names of integer fields to keep as strings, for 64-bit ids (Iceberg snapshot
 * ids) that JSON.parse would round to the nearest double.
 */
export async function api(path, { method = 'GET', body, signal, query, withToken, exact } = {}) {
  const url = new URL('/api/v1' + path, location.origin);
  Object.entries(query || {}).forEach(([k, v]) => v !== undefined && v !== null && v !== '' && url.searchParams.set(k, v));
  const headers = { Accept: 'application/json', Authorization: 'Bearer ' + (withToken || token() || '') };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  const text = await response.text();
  const data = type.includes('json') ? JSON.parse(exact ? text.replace(new RegExp(`"(${exact.join('|')})":(-?\\d+)`, 'g'), '"$1":"$2"') : text) : text;
  if (!response.ok) {
    if (response.status === 401 && !withToken) unauthorizedListeners.forEach((listener) => listener());
    throw new ApiError(response.status, typeof data === 'object' ? data : { detail: data });
  }
  return data;
}

/** Frees a result's server-side cursor (results of more than maxRows rows keep one open for paging). */
export function closeCursor(result) {
  if (result && result.cursor) api(`/sql/cursors/${encodeURIComponent(result.cursor)}`, { method: 'DELETE' }).catch(() => {});
}

/** Asks the server to stop the caller's running query (started with this queryId); no error if it already ended. */
export function cancelQuery(queryId) {
  api(`/sql/queries/${encodeURIComponent(queryId)}`, { method: 'DELETE' }).catch(() => {});
}

/** namespace.table parts for URLs. */
export function tablePath(name) {
  return encodeURIComponent(name);
}
