import { api } from './api.js';
import { h, clear, time, toast, table } from './dom.js';

// Plugins, their configured instances and sinks, and the dead letters sinks gave up on; an admin
// retries (the item goes back to its sink) or discards them.

export function render(root, ctx) {
  const box = h('div', { id: 'plugins-page' });
  root.append(h('div', { class: 'toolbar' }, h('h2', {}, 'Plugins and sinks'), h('button', { type: 'button', onclick: () => load(box, ctx) }, 'Refresh')), box);
  load(box, ctx);
}

async function load(box, ctx) {
  let p; let d;
  try {
    [p, d] = await Promise.all([api.get('plugins'), api.get('deadletters')]);
  } catch (e) {
    clear(box).append(h('p', { class: 'error' }, e.message));
    return;
  }
  const admin = ctx.me.role === 'admin';
  clear(box).append(
    h('h3', {}, 'Plugins'),
    table(['File', 'Id', 'Version', 'State', 'Message'], p.plugins.map((x) => h('tr', {}, h('td', {}, x.file), h('td', {}, x.id), h('td', {}, x.version), h('td', { class: 'state' }, x.state), h('td', {}, x.message || ''))), { id: 'plugins', class: 'grid' }),
    h('h3', {}, 'Instances'),
    table(['Name', 'Kind', 'Type', 'Plugin', 'State', 'Last error'], p.instances.map((x) => h('tr', {}, h('td', {}, x.name), h('td', {}, x.kind), h('td', {}, x.type), h('td', {}, x.plugin), h('td', { class: 'state' }, x.state), h('td', {}, x.message || ''))), { id: 'instances', class: 'grid' }),
    h('h3', {}, 'Sinks'),
    table(['Name', 'Type', 'Pending', 'Delivered', 'Failed', 'Dead letters', 'Last error'], p.sinks.map((x) => h('tr', {}, h('td', {}, x.name), h('td', {}, x.type), h('td', { class: 'num' }, x.pending), h('td', { class: 'num' }, x.delivered), h('td', { class: 'num' }, x.failed), h('td', { class: 'num' }, p.deadLettersBySink[x.name] || 0), h('td', {}, x.lastError || ''))), { id: 'sinks', class: 'grid' }),
    h('h3', {}, 'Dead letters'),
    table(['Id', 'Sink', 'Item', 'Error', 'Attempts', 'At', ''], d.deadLetters.map((x) => h('tr', { dataset: { letter: x.id } },
      h('td', { class: 'num' }, x.id), h('td', {}, x.sink), h('td', {}, `${x.itemKind} ${x.itemKey}`), h('td', {}, x.error), h('td', { class: 'num' }, x.attempts), h('td', {}, time(new Date(x.atMillis).toISOString())),
      h('td', {}, admin ? [letterButton(box, ctx, x, 'retry', 'Retry'), letterButton(box, ctx, x, 'discard', 'Discard')] : ''))), { id: 'deadletters', class: 'grid' }),
    d.deadLetters.length ? null : h('p', { class: 'muted' }, 'No dead letters.'));
}

function letterButton(box, ctx, x, action, label) {
  return h('button', { type: 'button', dataset: { action }, onclick: async () => {
    try {
      await api.post(`deadletters/${x.id}/${action}`);
      toast(`dead letter ${x.id}: ${action} done`);
    } catch (e) { toast(e.message, true); }
    load(box, ctx);
  } }, label);
}
