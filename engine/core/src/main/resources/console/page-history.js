import { api } from './api.js';
import { h, clear, time, toast, table } from './dom.js';

// Past and present alarm instances with filters; each row opens its full change history.

export function render(root) {
  const preset = sessionStorage.getItem('vigil.history.alarm') || '';
  sessionStorage.removeItem('vigil.history.alarm');
  const f = {
    alarm: h('input', { id: 'h-alarm', placeholder: 'alarm (GUID, LogicalID or name)', value: preset }),
    source: h('input', { id: 'h-source', placeholder: 'source (GUID, LogicalID or name)' }),
    state: h('select', { id: 'h-state' }, ['', 'active', 'acknowledged', 'investigating', 'source condition cleared'].map((s) => h('option', { value: s }, s || 'any state'))),
    from: h('input', { id: 'h-from', type: 'datetime-local' }),
    to: h('input', { id: 'h-to', type: 'datetime-local' }),
  };
  const results = h('div', { id: 'history-results' });
  const form = h('form', { class: 'filters', id: 'history-form', onsubmit: (e) => { e.preventDefault(); search(f, results); } },
    f.alarm, f.source, f.state, h('label', {}, 'from ', f.from), h('label', {}, 'to ', f.to), h('button', { type: 'submit', id: 'history-search' }, 'Search'));
  root.append(h('div', { class: 'toolbar' }, h('h2', {}, 'Alarm history')), form, results);
  search(f, results);
}

function iso(local) {
  return local ? new Date(local).toISOString() : '';
}

async function search(f, results) {
  const q = new URLSearchParams();
  if (f.alarm.value) q.set('alarm', f.alarm.value);
  if (f.source.value) q.set('source', f.source.value);
  if (f.state.value) q.set('state', f.state.value);
  if (f.from.value) q.set('from', iso(f.from.value));
  if (f.to.value) q.set('to', iso(f.to.value));
  q.set('limit', '200');
  try {
    const data = await api.get('history?' + q.toString());
    clear(results).append(table(
      ['Instance', 'Alarm', 'Source', 'Triggered', 'State', 'Acknowledged by', 'Rule'],
      data.instances.flatMap((p) => rows(p)),
      { id: 'history', class: 'grid' }));
    if (!data.instances.length) results.append(h('p', { class: 'muted' }, 'No alarm instance matches.'));
  } catch (e) {
    clear(results).append(h('p', { class: 'error' }, e.message));
    toast(e.message, true);
  }
}

function rows(p) {
  const a = p.instance;
  const changes = h('tr', { class: 'changes', hidden: true, dataset: { changesOf: a.instanceId } },
    h('td', { colspan: 7 }, table(['When', 'What', 'Who', 'Rule'],
      p.changes.map((c) => h('tr', {}, h('td', {}, time(c.at)), h('td', {}, c.kind), h('td', {}, c.by || '—'), h('td', {}, c.rule || '—'))),
      { class: 'inner' })));
  const row = h('tr', { class: 'instance', dataset: { instance: a.instanceId }, onclick: () => { changes.hidden = !changes.hidden; } },
    h('td', { class: 'num' }, a.instanceId), h('td', {}, a.alarmName), h('td', {}, a.source ? a.source.name : ''),
    h('td', {}, time(a.triggerTime)), h('td', {}, a.state), h('td', {}, a.ackBy || ''), h('td', {}, a.rule || ''));
  return [row, changes];
}
