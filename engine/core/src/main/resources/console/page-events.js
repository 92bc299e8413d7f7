import { h, clear, time } from './dom.js';
import * as live from './live.js';

// The event tail: the newest events first, at most KEEP rows. Events that arrive together are drawn
// together, at most four times a second, so a busy site costs the page four redraws a second;
// the server skips (and counts) events for a page that cannot keep up, and ingest never waits.

const KEEP = 200;
// At most four draws a second: a person reads no faster, and each draw lays the table out again.
const DRAW_EVERY_MS = 250;
let state = null;

export function render(root) {
  const types = h('input', { id: 'ev-types', placeholder: 'types, e.g. CameraMotion,DoorForcedOpen' });
  const source = h('input', { id: 'ev-source', placeholder: 'source (name, GUID or LogicalID)' });
  const paused = h('input', { type: 'checkbox', id: 'ev-pause' });
  const body = h('tbody', { id: 'event-rows' });
  const stats = h('span', { id: 'ev-stats' }, '');
  state = { body, stats, paused, pending: [], frame: 0, received: 0, skipped: 0, unsub: [], timer: 0, lastCount: 0, rate: 0 };
  const apply = (e) => { e.preventDefault(); live.configure({ events: true, types: types.value.trim(), source: source.value.trim() }); clear(body); };
  root.append(
    h('div', { class: 'toolbar' }, h('h2', {}, 'Live events'), stats),
    h('form', { class: 'filters', id: 'events-form', onsubmit: apply }, types, source, h('button', { type: 'submit' }, 'Filter'), h('label', {}, paused, ' pause')),
    h('table', { id: 'events', class: 'grid' }, h('thead', {}, h('tr', {}, ['Seq', 'Time', 'Type', 'Source', 'Properties'].map((x) => h('th', {}, x)))), body));
  state.unsub.push(live.on('ev', (e) => queue(e)));
  state.unsub.push(live.on('skipped', (s) => { state.skipped += s.events; }));
  live.configure({ events: true, types: '', source: '' });
  state.timer = setInterval(() => {
    state.rate = state.received - state.lastCount;
    state.lastCount = state.received;
    stats.textContent = `${state.rate} events/s shown · ${state.received} received · ${state.skipped} skipped`;
  }, 1000);
}

export function leave() {
  if (!state) return;
  state.unsub.forEach((f) => f());
  clearInterval(state.timer);
  clearTimeout(state.frame);
  live.configure({ events: false });
  state = null;
}

function queue(e) {
  state.received++;
  if (state.paused.checked) return;
  state.pending.push(e);
  if (state.pending.length > KEEP) state.pending.splice(0, state.pending.length - KEEP);
  if (!state.frame) {
    const wait = Math.max(0, (state.lastDraw || 0) + DRAW_EVERY_MS - performance.now());
    state.frame = setTimeout(() => requestAnimationFrame(draw), wait);
  }
}

function draw() {
  const s = state;
  if (!s) return;
  s.frame = 0;
  s.lastDraw = performance.now();
  const frag = document.createDocumentFragment();
  for (let i = s.pending.length - 1; i >= 0; i--) {
    const e = s.pending[i];
    const props = Object.entries(e.props || {}).map(([k, v]) => `${k}=${v}`).join(' ');
    frag.append(h('tr', { dataset: { seq: e.seq } }, h('td', { class: 'num' }, e.seq), h('td', {}, time(e.time)), h('td', {}, e.type),
      h('td', {}, e.source ? e.source.name : ''), h('td', { class: 'props' }, props)));
  }
  s.pending = [];
  s.body.insertBefore(frag, s.body.firstChild);
  while (s.body.rows.length > KEEP) s.body.deleteRow(-1);
}
