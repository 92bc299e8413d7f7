import { api, setSession, whenLoggedOut } from './api.js';
import { h, clear, toast } from './dom.js';
import * as live from './live.js';
import * as alarms from './page-alarms.js';
import * as history from './page-history.js';
import * as events from './page-events.js';
import * as rules from './page-rules.js';
import * as plugins from './page-plugins.js';
import * as health from './page-health.js';

const pages = { alarms, history, events, rules, plugins, health };
const ctx = { me: null };
let current = null;

function showLogin(message) {
  ctx.me = null;
  setSession(null);
  live.close();
  if (current && current.leave) current.leave();
  current = null;
  clear(document.getElementById('page'));
  document.getElementById('nav').hidden = true;
  document.getElementById('logout').hidden = true;
  document.getElementById('who').textContent = '';
  document.getElementById('login').hidden = false;
  document.getElementById('login-error').textContent = message || '';
  document.getElementById('login-user').focus();
}

function loggedIn(me) {
  ctx.me = me;
  setSession(me);
  document.getElementById('login').hidden = true;
  document.getElementById('nav').hidden = false;
  document.getElementById('logout').hidden = false;
  document.getElementById('who').textContent = `${me.user} (${me.role})`;
  document.body.classList.toggle('admin', me.role === 'admin');
  live.open();
  route();
}

function route() {
  if (!ctx.me) return;
  const name = (location.hash || '#alarms').slice(1).split('?')[0];
  const page = pages[name] || alarms;
  if (current && current.leave) current.leave();
  current = page;
  for (const a of document.querySelectorAll('#nav a')) a.classList.toggle('here', a.dataset.page === name);
  const root = clear(document.getElementById('page'));
  root.dataset.page = name;
  page.render(root, ctx);
}

async function submitLogin(e) {
  e.preventDefault();
  const user = document.getElementById('login-user').value;
  const passwordField = document.getElementById('login-password');
  try {
    const me = await api.post('login', { user, password: passwordField.value });
    passwordField.value = '';
    loggedIn(me);
  } catch (err) {
    document.getElementById('login-error').textContent = err.message;
  }
}

async function logout() {
  try { await api.post('logout'); } catch (e) { /* already out */ }
  showLogin('Logged out.');
}

document.addEventListener('DOMContentLoaded', async () => {
  document.getElementById('login').addEventListener('submit', submitLogin);
  document.getElementById('logout').addEventListener('click', logout);
  window.addEventListener('hashchange', route);
  whenLoggedOut(() => showLogin('Your login ended; log in again.'));
  try {
    loggedIn(await api.get('me'));
  } catch (e) {
    showLogin(e.status === 401 ? '' : e.message);
  }
});

export { h, toast };
