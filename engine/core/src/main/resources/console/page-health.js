import { api } from './api.js';
import { h, clear } from './dom.js';
import { sparkline } from './charts.js';

// The last hour in 10-second samples, from the daemon's own metrics, redrawn every 10 s.

let timer = 0;

export function render(root) {
  const box = h('div', { id: 'health-page' });
  root.append(h('div', { class: 'toolbar' }, h('h2', {}, 'Health (last hour)')), box);
  load(box);
  timer = setInterval(() => load(box), 10000);
}

export function leave() {
  clearInterval(timer);
}

async function load(box) {
  try {
    const s = await api.get('health');
    const col = (k) => s.samples.map((x) => x[k]);
    clear(box).append(
      h('ul', { id: 'problems', class: s.problems.length ? 'error' : 'ok' }, s.problems.length ? s.problems.map((p) => h('li', {}, p)) : h('li', {}, 'No problems.')),
      h('div', { class: 'charts' },
        sparkline('Ingest', 'events/s', col('eventsPerSecond'), 'chart-ingest'),
        sparkline('Rules queue', `of ${s.rulesQueueCapacity}`, col('queueDepth'), 'chart-queue'),
        sparkline('Ingest → rules p99', 'ms', col('latencyP99Ms'), 'chart-latency'),
        sparkline('Active alarms', '', col('activeAlarms'), 'chart-alarms')));
  } catch (e) {
    clear(box).append(h('p', { class: 'error' }, e.message));
  }
}
