import { api } from './api.js';
import { h, clear, safeLink, time, toast } from './dom.js';
import * as live from './live.js';

// Live alarms. Rows are keyed by instance id and kept in order (most urgent, then newest) by binary
// insertion: one change moves one row, whatever the number of alarms. Changes that arrive together
// are drawn together, at most four times a second.

let state = null;

function key(a) {
  return [a.priority, -(Date.parse(a.lastTriggerTime || a.triggerTime) || 0), -a.instanceId];
}

function before(x, y) {
  const a = key(x); const b = key(y);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
}

export function render(root, ctx) {
  const admin = ctx.me.role === 'admin';
  state = {
    ctx, byId: new Map(), order: [], pending: new Map(), frame: 0, all: false, selected: null, unsub: [], timer: 0,
    picked: new Set(),
  };
  const count = h('span', { id: 'alarm-count' }, '');
  const allToggle = admin
    ? h('label', { class: 'toggle' }, h('input', { type: 'checkbox', id: 'all-alarms', onchange: (e) => { state.all = e.target.checked; live.configure({ all: state.all }); reload(); } }), ' every alarm (admin)')
    : null;
  const body = h('tbody', { id: 'alarm-rows' });
  state.body = body;
  state.count = count;
  state.detail = h('aside', { id: 'alarm-detail', class: 'detail' }, h('p', { class: 'muted' }, 'Select an alarm to see its cameras, links and history.'));
  root.append(
    h('div', { class: 'toolbar' }, h('h2', {}, 'Active alarms'), count, allToggle,
      h('label', { class: 'toggle', title: 'a short tone when a new alarm arrives' },
        h('input', { type: 'checkbox', id: 'alarm-sound', checked: sessionStorage.getItem('vigil.sound') === '1', onchange: (e) => sessionStorage.setItem('vigil.sound', e.target.checked ? '1' : '0') }), ' sound'),
      h('span', { class: 'bulk' },
        h('button', { type: 'button', id: 'ack-picked', onclick: () => actOnPicked('ack') }, 'Ack selected'),
        h('button', { type: 'button', id: 'force-ack-picked', onclick: () => actOnPicked('force-ack') }, 'Force ack selected'))),
    h('div', { class: 'split' },
      h('table', { id: 'alarms', class: 'grid' },
        h('thead', {}, h('tr', {},
          h('th', {}, h('input', { type: 'checkbox', id: 'pick-all', title: 'select every alarm shown', onchange: (e) => pickAll(e.target.checked) })),
          ['Priority', 'Alarm', 'Source', 'Triggered', 'Count', 'State', 'Context', 'Actions'].map((x) => h('th', {}, x)))),
        body),
      state.detail),
    forwardDialog(), contextDialog());
  state.unsub.push(live.on('alarm', (a) => {
    if (!state.byId.has(a.instanceId) && !state.pending.has(a.instanceId)) chime();
    queue(a.instanceId, a);
  }));
  state.unsub.push(live.on('gone', (g) => queue(g.instanceId, null)));
  state.unsub.push(live.on('resync', () => reload()));
  live.configure({ events: false, types: '', source: '', all: false });
  // Alarms whose recipients are reached after a forward delay arrive with the next reload.
  state.timer = setInterval(reload, 30000);
  reload();
}

export function leave() {
  if (!state) return;
  document.title = 'Vigil console';
  state.unsub.forEach((f) => f());
  clearInterval(state.timer);
  clearTimeout(state.frame);
  state = null;
}

async function reload() {
  const s = state;
  if (!s) return;
  try {
    const data = await api.get('alarms' + (s.all ? '?all=1' : ''));
    if (state !== s) return;
    s.pending.clear();
    s.byId.clear();
    s.order = [];
    clear(s.body);
    for (const a of data.alarms) {
      const row = rowOf(a);
      s.byId.set(a.instanceId, { alarm: a, row });
      s.order.push(a);
      s.body.append(row);
    }
    counted();
    if (s.selected && !s.byId.has(s.selected)) showDetail(null);
  } catch (e) {
    toast('Cannot load alarms: ' + e.message, true);
  }
}

// Changes are drawn at most four times a second: each draw lays the table out again, and an operator
// cannot read faster (measured in bench/run-console.sh: one draw per change cost the page most of its time).
const DRAW_EVERY_MS = 250;

function queue(id, alarm) {
  if (!state) return;
  state.pending.set(id, alarm);
  if (!state.frame) {
    const s = state;
    const wait = Math.max(0, (s.lastDraw || 0) + DRAW_EVERY_MS - performance.now());
    s.frame = setTimeout(() => requestAnimationFrame(applyPending), wait);
  }
}

function applyPending() {
  const s = state;
  if (!s) return;
  s.frame = 0;
  s.lastDraw = performance.now();
  for (const [id, alarm] of s.pending) {
    remove(id);
    if (alarm) insert(alarm);
    if (s.selected === id) showDetail(alarm);
  }
  s.pending.clear();
  counted();
}

function remove(id) {
  const s = state;
  const known = s.byId.get(id);
  if (!known) return;
  const i = indexOf(known.alarm);
  if (i >= 0) s.order.splice(i, 1);
  known.row.remove();
  s.byId.delete(id);
}

function indexOf(a) {
  const s = state;
  let lo = 0; let hi = s.order.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(s.order[mid], a)) lo = mid + 1; else hi = mid;
  }
  for (let i = lo; i < s.order.length; i++) {
    if (s.order[i].instanceId === a.instanceId) return i;
    if (before(a, s.order[i])) break;
  }
  return s.order.findIndex((x) => x.instanceId === a.instanceId);
}

function insert(a) {
  const s = state;
  let lo = 0; let hi = s.order.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(s.order[mid], a)) lo = mid + 1; else hi = mid;
  }
  const row = rowOf(a);
  const next = s.order[lo];
  s.order.splice(lo, 0, a);
  s.body.insertBefore(row, next ? s.byId.get(next.instanceId).row : null);
  s.byId.set(a.instanceId, { alarm: a, row });
}

function counted() {
  const n = state.order.length;
  state.count.textContent = `${n} active`;
  document.title = n ? `(${n}) Vigil console` : 'Vigil console';
  for (const id of [...state.picked]) if (!state.byId.has(id)) state.picked.delete(id);
}

let audio = null;

/** A short tone for a new alarm, when the operator turned sound on (the click that did so lets the page play). */
function chime() {
  if (!document.getElementById('alarm-sound')?.checked) return;
  try {
    audio = audio || new AudioContext();
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.frequency.value = 880;
    gain.gain.setValueAtTime(0.2, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.3);
    tone.connect(gain).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.3);
  } catch (e) { /* no audio here: the list still shows it */ }
}

function pickAll(on) {
  for (const [id, known] of state.byId) {
    if (on) state.picked.add(id); else state.picked.delete(id);
    const box = known.row.querySelector('input.pick');
    if (box) box.checked = on;
  }
}

/** One request per selected alarm, a few at a time; the toast says how many were done. */
async function actOnPicked(action) {
  const s = state;
  const ids = [...s.picked];
  if (!ids.length) { toast('Select alarms first', true); return; }
  let done = 0; const failed = [];
  const next = async () => {
    for (let id; (id = ids.shift()) !== undefined;) {
      try { await api.post(`alarms/${id}/${action}`); done++; s.picked.delete(id); } catch (e) { failed.push(`${id}: ${e.message}`); }
    }
  };
  await Promise.all([next(), next(), next(), next()]);
  const all = document.getElementById('pick-all');
  if (all) all.checked = false;
  toast(`${action} on ${done} alarm(s)` + (failed.length ? `; refused: ${failed.slice(0, 3).join('; ')}` : ''), failed.length > 0);
}

function rowOf(a) {
  return h('tr', { dataset: { instance: a.instanceId }, class: 'p' + Math.min(3, Math.floor(a.priority / 64)) + (state.selected === a.instanceId ? ' sel' : ''), onclick: () => showDetail(a) },
    h('td', {}, h('input', { type: 'checkbox', class: 'pick', checked: state.picked.has(a.instanceId), onclick: (e) => e.stopPropagation(),
      onchange: (e) => { if (e.target.checked) state.picked.add(a.instanceId); else state.picked.delete(a.instanceId); } })),
    h('td', { class: 'num' }, a.priority),
    h('td', {}, a.alarmName),
    h('td', {}, a.source ? a.source.name : ''),
    h('td', {}, time(a.lastTriggerTime || a.triggerTime)),
    h('td', { class: 'num' }, a.triggerCount),
    h('td', { class: 'state' }, a.state),
    h('td', { class: 'context' }, a.context || ''),
    h('td', { class: 'actions' },
      button('ack', 'Ack', a), button('nack', 'Nack', a),
      button('force-ack', 'Force ack', a),
      button('investigate', 'Investigate', a),
      h('button', { type: 'button', dataset: { action: 'forward' }, onclick: (e) => { e.stopPropagation(); openForward(a); } }, 'Forward'),
      h('button', { type: 'button', dataset: { action: 'context' }, onclick: (e) => { e.stopPropagation(); openContext(a); } }, 'Context')));
}

function button(action, label, a) {
  return h('button', { type: 'button', dataset: { action }, onclick: (e) => { e.stopPropagation(); act(a, action); } }, label);
}

async function act(a, action, body) {
  try {
    const after = await api.post(`alarms/${a.instanceId}/${action}`, body);
    toast(`${action} on alarm ${a.instanceId}: done`);
    if (state && after && after.state === 'ACTIVE') queue(after.instanceId, after);
    return true;
  } catch (e) {
    toast(`${action} on alarm ${a.instanceId} refused: ${e.message}`, true);
    return false;
  }
}

function showDetail(a) {
  const s = state;
  s.selected = a ? a.instanceId : null;
  for (const r of s.body.querySelectorAll('tr.sel')) r.classList.remove('sel');
  if (a && s.byId.has(a.instanceId)) s.byId.get(a.instanceId).row.classList.add('sel');
  const d = clear(s.detail);
  if (!a) {
    d.append(h('p', { class: 'muted' }, 'Select an alarm to see its cameras, links and history.'));
    return;
  }
  d.append(
    h('h3', {}, `${a.alarmName} #${a.instanceId}`),
    h('dl', {},
      h('dt', {}, 'Source'), h('dd', {}, a.source ? a.source.name : '—'),
      h('dt', {}, 'Trigger'), h('dd', {}, `${a.triggerEvent || ''} ${time(a.triggerTime)} (×${a.triggerCount})`),
      h('dt', {}, 'Rule'), h('dd', {}, a.rule || '—'),
      h('dt', {}, 'Context'), h('dd', {}, a.context || '—', a.contextBy ? ` (by ${a.contextBy})` : ''),
      h('dt', {}, 'Investigated by'), h('dd', {}, a.investigatedBy || '—'),
      h('dt', {}, 'Forwarded to'), h('dd', {}, (a.forwardedTo || []).map((r) => r.name).join(', ') || '—')),
    h('h4', {}, 'Cameras and attached entities'),
    h('ul', { class: 'attached' }, (a.attached || []).map((e) => h('li', {}, `${e.name} (${e.type || '?'}) `, e.streamUri ? safeLink(e.streamUri, e.streamUri) : null))),
    h('h4', {}, 'Links'),
    h('ul', { class: 'urls' }, (a.urls || []).map((u) => h('li', {}, safeLink(u)))),
    h('p', {}, h('a', { href: `#history`, onclick: () => sessionStorage.setItem('vigil.history.alarm', a.alarm) }, 'History of this alarm')));
}

let forwardTarget = null;

function forwardDialog() {
  const select = h('select', { id: 'forward-to', multiple: true, size: 8 });
  const dialog = h('dialog', { id: 'forward-dialog' },
    h('form', { method: 'dialog', onsubmit: async (e) => {
      e.preventDefault();
      const to = [...select.selectedOptions].map((o) => o.value);
      if (to.length && forwardTarget && await act(forwardTarget, 'forward', { to })) dialog.close();
    } },
    h('h3', {}, 'Forward alarm'), h('label', {}, 'To users or groups', select),
    h('menu', {}, h('button', { type: 'submit', id: 'forward-send' }, 'Forward'), h('button', { type: 'button', onclick: () => dialog.close() }, 'Cancel'))));
  return dialog;
}

async function openForward(a) {
  forwardTarget = a;
  const select = clear(document.getElementById('forward-to'));
  try {
    const data = await api.get('recipients');
    for (const r of data.recipients) select.append(h('option', { value: r.guid }, `${r.name} (${r.type === 'UserGroup' ? 'group' : 'user'})`));
  } catch (e) {
    toast('Cannot list recipients: ' + e.message, true);
    return;
  }
  document.getElementById('forward-dialog').showModal();
}

let contextTarget = null;

function contextDialog() {
  const text = h('textarea', { id: 'context-text', rows: 4, cols: 50, maxlength: 4096 });
  const dialog = h('dialog', { id: 'context-dialog' },
    h('form', { method: 'dialog', onsubmit: async (e) => {
      e.preventDefault();
      if (contextTarget && await act(contextTarget, 'context', { context: text.value })) dialog.close();
    } },
    h('h3', {}, 'Edit context'), text,
    h('menu', {}, h('button', { type: 'submit', id: 'context-save' }, 'Save'), h('button', { type: 'button', onclick: () => dialog.close() }, 'Cancel'))));
  return dialog;
}

function openContext(a) {
  contextTarget = a;
  document.getElementById('context-text').value = a.context || '';
  document.getElementById('context-dialog').showModal();
}
