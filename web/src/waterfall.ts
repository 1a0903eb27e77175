/**
 * "Why this price?" as a waterfall: the reference car's price, one bar per
 * input that moves it (up or down, from where the previous one ended), and the
 * estimate. The same numbers are in a table under "Show the numbers", as for the depreciation chart.
 */
import { h, svg } from './dom.js';
import { money } from './format.js';

export interface Step {
  label: string;
  amount: number;
}

const ROW = 30;
const M = { top: 8, right: 16, bottom: 8, left: 8 };
let waterfallCount = 0;

export function waterfallChart(
  baseline: number,
  steps: readonly Step[],
  amount: number,
  options: { currency: string; baselineLabel: string; width?: number },
): HTMLElement {
  const { currency } = options;
  const W = Math.round(Math.min(1200, Math.max(300, options.width ?? 640)));
  const labelWidth = Math.min(260, Math.round(W * 0.42));
  const rows = steps.length + 2;
  const H = M.top + M.bottom + rows * ROW;
  const id = `waterfall-${++waterfallCount}`;
  let running = baseline;
  const bars = [
    { label: options.baselineLabel, from: 0, to: baseline, kind: 'total' },
    ...steps.map((step) => {
      const from = running;
      running += step.amount;
      return { label: step.label, from, to: running, kind: step.amount >= 0 ? 'up' : 'down' };
    }),
    { label: 'This car', from: 0, to: amount, kind: 'total' },
  ];
  const top = Math.max(...bars.map((b) => Math.max(b.from, b.to)), 1);
  const x = (value: number) => labelWidth + (value / top) * (W - labelWidth - M.right - 70);
  const description = `From ${money(baseline, currency)} for ${options.baselineLabel.toLowerCase()} to ${money(amount, currency)} for this car.`;

  const chart = svg(
    'svg',
    { class: 'chart waterfall', viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img', 'aria-labelledby': `${id}-title ${id}-desc` },
    svg('title', { id: `${id}-title` }, 'Why this price'),
    svg('desc', { id: `${id}-desc` }, description),
    ...bars.flatMap((bar, i) => {
      const y = M.top + i * ROW;
      const left = x(Math.min(bar.from, bar.to));
      const width = Math.max(1, Math.abs(x(bar.to) - x(bar.from)));
      const change = bar.kind === 'total' ? money(bar.to, currency) : `${bar.to >= bar.from ? '+' : '−'}${money(Math.abs(bar.to - bar.from), currency)}`;
      return [
        svg('text', { x: M.left, y: y + ROW / 2 + 4, class: 'waterfall-label' }, bar.label),
        svg('rect', { x: left.toFixed(1), y: y + 5, width: width.toFixed(1), height: ROW - 10, class: `wf-bar wf-${bar.kind}` }),
        svg('text', { x: (left + width + 6).toFixed(1), y: y + ROW / 2 + 4, class: 'waterfall-value' }, change),
      ];
    }),
  );
  const table = h(
    'table',
    { class: 'curve-table' },
    h('thead', {}, h('tr', {}, h('th', { text: 'Input' }), h('th', { text: 'Effect' }))),
    h(
      'tbody',
      {},
      h('tr', {}, h('th', { text: options.baselineLabel }), h('td', { text: money(baseline, currency) })),
      ...steps.map((step) => h('tr', {}, h('th', { text: step.label }), h('td', { text: `${step.amount >= 0 ? '+' : '−'}${money(Math.abs(step.amount), currency)}` }))),
      h('tr', {}, h('th', { text: 'This car' }), h('td', { text: money(amount, currency) })),
    ),
  );
  return h('figure', { class: 'chart-figure' }, chart, h('details', {}, h('summary', { text: 'Show the numbers' }), table));
}
