import { api } from './api.js';
import { h, clear, time, toast, table } from './dom.js';

// The running rule set, the last compile attempt (errors at file:line:col), firings per rule, and
// for admins a what-if: candidate rule text run over the journal beside the running rules.

export async function render(root, ctx) {
  const box = h('div', { id: 'rules-page' });
  root.append(h('div', { class: 'toolbar' }, h('h2', {}, 'Rules'), h('button', { type: 'button', id: 'rules-refresh', onclick: () => load(box, ctx) }, 'Refresh')), box);
  load(box, ctx);
}

async function load(box, ctx) {
  let s;
  try {
    s = await api.get('rules');
  } catch (e) {
    clear(box).append(h('p', { class: 'error' }, e.message));
    return;
  }
  clear(box);
  const r = s.running;
  box.append(h('section', { id: 'rules-running' },
    h('h3', {}, 'Running'),
    r ? h('p', {}, `${r.ruleCount} rules from ${r.files.length} files, loaded ${time(r.loadedAt)}: `, r.files.join(', '))
      : h('p', { class: 'error' }, 'No rules are running.'),
    h('p', { class: 'muted' }, 'Rules folder: ', s.directory)));
  const a = s.lastAttempt;
  const attempt = h('section', { id: 'rules-attempt' }, h('h3', {}, 'Last compile attempt'));
  if (!a) attempt.append(h('p', { class: 'muted' }, 'None yet.'));
  else {
    attempt.append(h('p', { class: a.ok ? 'ok' : 'error', id: 'rules-attempt-status' },
      `${time(a.at)}: ${a.ok ? 'compiled; running' : 'failed; the rules above keep running'}`));
    attempt.append(h('ul', { id: 'rule-errors' }, (a.errors || []).map((e) => h('li', { class: 'rule-error' }, `${e.file}:${e.line}:${e.column} ${e.message}`))));
    if ((a.warnings || []).length) {
      attempt.append(h('ul', { id: 'rule-warnings' }, a.warnings.map((e) => h('li', { class: 'rule-warning' }, `${e.file}:${e.line}:${e.column} ${e.message}`))));
    }
  }
  box.append(attempt);
  // Every running rule with its firings since the start (rules that never fired show 0); rules
  // that fired but are no longer running (an edit removed them) are listed after them.
  const fired = new Map((s.firings || []).map((f) => [f.file + '\u0000' + f.rule, f]));
  const rows = (s.rules || []).map((r) => {
    const f = fired.get(r.file + '\u0000' + r.rule);
    fired.delete(r.file + '\u0000' + r.rule);
    return h('tr', {}, h('td', {}, r.rule), h('td', {}, r.file), h('td', { class: 'num' }, f ? f.count : 0), h('td', {}, f ? time(f.lastFiredAt) : '—'));
  });
  for (const f of fired.values()) {
    rows.push(h('tr', { class: 'muted' }, h('td', {}, f.rule), h('td', {}, `${f.file} (no longer running)`), h('td', { class: 'num' }, f.count), h('td', {}, time(f.lastFiredAt))));
  }
  box.append(h('section', {}, h('h3', {}, 'Rules and their firings since the start'),
    table(['Rule', 'File', 'Firings', 'Last fired'], rows, { id: 'firings', class: 'grid' })));
  if (ctx.me.role === 'admin' && r) box.append(whatIf(r.files));
}

function whatIf(files) {
  const pick = h('select', { id: 'whatif-file' }, files.map((f) => h('option', { value: f }, f)));
  const name = h('input', { id: 'whatif-name', placeholder: 'file name (.drl)' });
  const text = h('textarea', { id: 'whatif-text', rows: 14, cols: 100, spellcheck: false });
  const hours = h('input', { id: 'whatif-hours', type: 'number', min: 1, max: 168, value: 1 });
  const out = h('div', { id: 'whatif-result' });
  const loadFile = async () => {
    try {
      const f = await api.get('rules/files/' + encodeURIComponent(pick.value));
      name.value = f.name;
      text.value = f.text;
    } catch (e) { toast(e.message, true); }
  };
  pick.addEventListener('change', loadFile);
  if (files.length) loadFile();
  const run = async (e) => {
    e.preventDefault();
    clear(out).append(h('p', { class: 'muted' }, 'Replaying…'));
    const to = new Date();
    const from = new Date(to.getTime() - Number(hours.value || 1) * 3600e3);
    try {
      const rep = await api.post('rules/whatif', { files: { [name.value]: text.value }, from: from.toISOString(), to: to.toISOString() });
      const d = rep.diff;
      const list = (title, items, cls) => h('div', { class: cls }, h('h4', {}, `${title}: ${items.length}`),
        h('ul', {}, items.slice(0, 200).map((x) => h('li', {}, `${time(x.at)} ${x.kind} ${x.subject} ${x.source || ''} ${x.detail || ''} [${x.rule || ''}]`))));
      clear(out).append(
        h('p', { id: 'whatif-summary' }, `${rep.events} events replayed: ${d.added.length} added, ${d.missing.length} missing, ${d.changed.length} changed, ${d.same} the same.`),
        (rep.candidate.errors || []).length ? h('ul', { class: 'error' }, rep.candidate.errors.map((x) => h('li', {}, x))) : null,
        list('Added by the candidate', d.added, 'added'),
        list('Missing with the candidate', d.missing, 'missing'),
        list('Changed', d.changed.map((c) => c.candidate), 'changed'));
    } catch (err) {
      clear(out).append(h('p', { class: 'error' }, err.message));
    }
  };
  return h('section', { id: 'whatif' }, h('h3', {}, 'What if (admin)'),
    h('p', { class: 'muted' }, 'Edit a rule file and replay the journal through it beside the running rules. Nothing changes on disk or in the running session.'),
    h('form', { onsubmit: run }, h('div', { class: 'filters' }, pick, name, h('label', {}, 'last ', hours, ' hours'), h('button', { type: 'submit', id: 'whatif-run' }, 'Run what-if')), out, text));
}
