import { h } from './dom.js';

const NS = 'http://www.w3.org/2000/svg';

function svg(tag, attrs) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

/** A small line chart of one series with its latest and highest values; no library, no canvas. */
export function sparkline(title, unit, values, id) {
  const width = 360;
  const height = 80;
  const max = Math.max(1e-9, ...values);
  const step = values.length > 1 ? width / (values.length - 1) : width;
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(height - (v / max) * (height - 4) - 2).toFixed(1)}`);
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'spark', role: 'img', 'aria-label': title });
  chart.append(svg('polyline', { points: points.join(' '), fill: 'none', stroke: 'currentColor', 'stroke-width': 2 }));
  const last = values.length ? values[values.length - 1] : 0;
  return h('figure', { class: 'chart', id },
    h('figcaption', {}, title, ' ', h('b', { class: 'now' }, `${fmt(last)} ${unit}`), ' ', h('small', {}, `max ${fmt(max > 1e-6 ? max : 0)}`)),
    chart);
}

function fmt(v) {
  return v >= 100 ? Math.round(v).toString() : (Math.round(v * 10) / 10).toString();
}
