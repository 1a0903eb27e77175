/** The depreciation curve as inline SVG: the 80% band, the estimate line, and the user's car when priced. */
import { h, svg } from './dom.js';
import { compact, money } from './format.js';

export interface CurvePoint {
  age: number;
  year: number;
  amount: number;
  low: number;
  high: number;
}

export interface Marker {
  year: number;
  amount: number;
  low: number;
  high: number;
}

const M = { top: 16, right: 20, bottom: 46, left: 56 };

/** 1, 2 or 5 times a power of ten, so that about `count` steps cover `max`. */
function niceStep(max: number, count: number): number {
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / power;
  return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * power;
}

let chartCount = 0;

/**
 * A figure with the chart (role="img", with a title and a description) and the
 * same numbers in a table for screen readers and copying.
 */
export function depreciationChart(
  points: readonly CurvePoint[],
  options: { title: string; currency: string; marker?: Marker | null; /** CSS pixels available; text keeps its size. */ width?: number },
): HTMLElement {
  const { currency, marker } = options;
  const W = Math.round(Math.min(1200, Math.max(300, options.width ?? 640)));
  const H = Math.round(Math.min(340, Math.max(220, W * 0.45)));
  const id = `chart-${++chartCount}`;
  const maxAge = Math.max(1, ...points.map((p) => p.age));
  const referenceYear = points[0].year + points[0].age;
  const top = Math.max(...points.map((p) => p.high), marker?.high ?? 0);
  const step = niceStep(top, 5);
  const yMax = Math.ceil((top * 1.04) / step) * step;

  const x = (age: number) => M.left + (age / maxAge) * (W - M.left - M.right);
  const y = (value: number) => H - M.bottom - (value / yMax) * (H - M.top - M.bottom);
  const path = (values: [number, number][]) => values.map(([a, v], i) => `${i ? 'L' : 'M'}${x(a).toFixed(1)},${y(v).toFixed(1)}`).join(' ');

  const first = points[0];
  const last = points[points.length - 1];
  const description =
    `Value of a typical car from ${money(first.amount, currency)} at ${first.year} ` +
    `to ${money(last.amount, currency)} at ${last.year} (${last.age} years old), with its 80% interval.` +
    (marker ? ` Your car (${marker.year}): ${money(marker.amount, currency)}.` : '');

  const chart = svg('svg', {
    class: 'chart',
    viewBox: `0 0 ${W} ${H}`,
    role: 'img',
    'aria-labelledby': `${id}-title ${id}-desc`,
    preserveAspectRatio: 'xMidYMid meet',
  });
  chart.append(svg('title', { id: `${id}-title` }, options.title), svg('desc', { id: `${id}-desc` }, description));

  // Grid and y axis.
  for (let value = 0; value <= yMax + step / 2; value += step) {
    chart.append(
      svg('line', { class: 'grid', x1: M.left, x2: W - M.right, y1: y(value), y2: y(value) }),
      svg('text', { class: 'tick', x: M.left - 8, y: y(value) + 4, 'text-anchor': 'end' }, compact(value)),
    );
  }
  // x axis: model year (age).
  const every = Math.max(1, Math.ceil(maxAge / Math.max(2, Math.floor((W - M.left - M.right) / 56))));
  for (const point of points) {
    if (point.age % every !== 0) continue;
    chart.append(
      svg('line', { class: 'axis', x1: x(point.age), x2: x(point.age), y1: H - M.bottom, y2: H - M.bottom + 5 }),
      svg('text', { class: 'tick', x: x(point.age), y: H - M.bottom + 19, 'text-anchor': 'middle' }, String(point.year)),
    );
  }
  chart.append(
    svg('line', { class: 'axis', x1: M.left, x2: W - M.right, y1: H - M.bottom, y2: H - M.bottom }),
    svg('text', { class: 'axis-title', x: (M.left + W - M.right) / 2, y: H - 6, 'text-anchor': 'middle' }, 'Model year'),
    svg('text', { class: 'axis-title', x: 14, y: M.top + (H - M.top - M.bottom) / 2, 'text-anchor': 'middle', transform: `rotate(-90 14 ${M.top + (H - M.top - M.bottom) / 2})` }, currency),
  );

  // 80% band, then the estimate line with a dot per year.
  const band = [...points.map((p): [number, number] => [p.age, p.high]), ...[...points].reverse().map((p): [number, number] => [p.age, p.low])];
  chart.append(
    svg('path', { class: 'band', d: `${path(band)} Z` }),
    svg('path', { class: 'line', d: path(points.map((p) => [p.age, p.amount])) }),
  );
  for (const p of points) {
    chart.append(
      svg('circle', { class: 'dot', cx: x(p.age), cy: y(p.amount), r: 3 },
        svg('title', {}, `${p.year} (${p.age} years): ${money(p.amount, currency)} (${money(p.low, currency)} to ${money(p.high, currency)})`)),
    );
  }

  if (marker) {
    const age = referenceYear - marker.year;
    if (age >= 0 && age <= maxAge) {
      const cx = x(age);
      // The curve falls to the right: a label below the curve goes to the left of the dot, one above it to the right,
      // unless that would leave the plot.
      const typical = points.find((p) => p.age === age)?.amount ?? marker.amount;
      const below = marker.amount < typical;
      const toLeft = below ? cx - M.left > 150 : W - M.right - cx < 150;
      chart.append(
        svg('line', { class: 'marker-range', x1: cx, x2: cx, y1: y(marker.low), y2: y(marker.high) }),
        svg('circle', { class: 'marker', cx, cy: y(marker.amount), r: 6 }),
        svg('text', { class: 'marker-label', x: cx + (toLeft ? -10 : 10), y: y(marker.amount) + (below ? 20 : -12), 'text-anchor': toLeft ? 'end' : 'start' },
          `Your car: ${money(marker.amount, currency)}`),
      );
    }
  }

  const rows = points.map((p) =>
    h('tr', {}, h('th', { text: String(p.year), attrs: { scope: 'row' } }), h('td', { text: String(p.age) }),
      h('td', { text: money(p.amount, currency) }), h('td', { text: `${money(p.low, currency)} to ${money(p.high, currency)}` })),
  );
  const table = h('table', { class: 'curve-table' },
    h('thead', {}, h('tr', {}, ...['Model year', 'Age', 'Value', '80% interval'].map((text) => h('th', { text, attrs: { scope: 'col' } })))),
    h('tbody', {}, ...rows));
  const item = (swatch: string, text: string) =>
    h('span', { class: 'legend-item' }, h('span', { class: swatch, attrs: { 'aria-hidden': 'true' } }), text);
  const legend = h('p', { class: 'legend' },
    item('legend-line', 'estimated value'), item('legend-band', '80% interval'), marker ? item('legend-marker', 'your car') : null);

  return h('figure', { class: 'chart-figure' },
    chart, legend,
    h('details', {}, h('summary', { text: 'Show the numbers' }), table));
}
