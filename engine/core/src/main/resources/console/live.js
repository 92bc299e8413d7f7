// One server-sent event stream per page view: alarm changes always, the event tail when the Events
// page asks for it. EventSource reconnects by itself; after every (re)connect the server sends
// "resync", and the alarm list is loaded again, so nothing said while disconnected is missed.

let source = null;
let wanted = { events: false, types: '', source: '', all: false };
const handlers = { alarm: [], gone: [], resync: [], ev: [], skipped: [] };

export function on(kind, f) {
  handlers[kind].push(f);
  return () => { handlers[kind] = handlers[kind].filter((x) => x !== f); };
}

export function configure(options) {
  const next = { ...wanted, ...options };
  if (source && JSON.stringify(next) === JSON.stringify(wanted)) return;
  wanted = next;
  if (source) open();
}

function emit(kind, data) {
  for (const f of handlers[kind]) {
    try { f(data); } catch (e) { console.error(e); }
  }
}

function status(text, ok) {
  const el = document.getElementById('link');
  el.textContent = text;
  el.className = ok ? 'ok' : 'down';
}

export function open() {
  close();
  const q = new URLSearchParams();
  if (wanted.events) q.set('events', '1');
  if (wanted.types) q.set('types', wanted.types);
  if (wanted.source) q.set('source', wanted.source);
  if (wanted.all) q.set('all', '1');
  source = new EventSource('api/live?' + q.toString());
  source.addEventListener('open', () => status('live', true));
  source.addEventListener('error', () => status('reconnecting…', false));
  source.addEventListener('alarm', (m) => emit('alarm', JSON.parse(m.data)));
  source.addEventListener('alarm-gone', (m) => emit('gone', JSON.parse(m.data)));
  source.addEventListener('resync', () => emit('resync', null));
  source.addEventListener('ev', (m) => emit('ev', JSON.parse(m.data)));
  source.addEventListener('skipped', (m) => emit('skipped', JSON.parse(m.data)));
}

export function close() {
  if (source) source.close();
  source = null;
}
