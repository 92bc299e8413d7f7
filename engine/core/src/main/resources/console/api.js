// The console's calls to the daemon. The login lives in an HttpOnly cookie the page cannot read; the
// anti-forgery token is kept in this module's memory only (never in localStorage) and sent with
// every change.

let csrf = null;
let onLoggedOut = () => {};

export function setSession(me) { csrf = me ? me.csrf : null; }
export function whenLoggedOut(f) { onLoggedOut = f; }

export class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

async function call(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') {
    headers['Content-Type'] = 'application/json';
    if (csrf) headers['X-Vigil-Csrf'] = csrf;
  }
  const resp = await fetch('api/' + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
    cache: 'no-store',
  });
  let data = null;
  try { data = await resp.json(); } catch (e) { /* no body */ }
  if (resp.status === 401 && path !== 'login') {
    csrf = null;
    onLoggedOut();
  }
  if (!resp.ok) throw new ApiError(resp.status, (data && data.error) || resp.statusText);
  return data;
}

export const api = {
  get: (path) => call('GET', path),
  post: (path, body = {}) => call('POST', path, body),
};
