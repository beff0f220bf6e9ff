// Charts for every page: a thin layer over uPlot (served from /assets/vendor/uplot/, MIT licence in the
// same folder). uPlot draws on a canvas and sets sizes through the CSSOM, so it runs under the UI's
// Content-Security-Policy; its stylesheet is added once with a <link>.
//
//   const chart = await timeChart(container, { title, series: [{ label, values, colour, bars }], times });
//
// `times` are seconds since the epoch (UTC). The chart fills its container's width and follows it.
// Every chart also gets a data table for screen readers (visually hidden), so the numbers are never
// only in a picture.

import { el } from './dom.js';

const BASE = '/assets/vendor/uplot/';
let loading = null;

function load() {
  if (!loading) {
    if (!document.querySelector(`link[href="${BASE}uPlot.min.css"]`)) {
      document.head.append(el('link', { rel: 'stylesheet', href: `${BASE}uPlot.min.css` }));
    }
    loading = import(`${BASE}uPlot.esm.js`).then((m) => m.default);
  }
  return loading;
}

/** Colours of the series, in order; readable on white and distinct for the common colour blindnesses. */
export const COLOURS = ['#2563eb', '#d97706', '#dc2626', '#059669', '#7c3aed'];

function barsPath(uPlot) {
  return uPlot.paths && uPlot.paths.bars ? uPlot.paths.bars({ size: [0.6, 24] }) : undefined;
}

/**
 * Draws a chart of values over time into `container` and answers the uPlot instance. `unit` is
 * 'day' or 'hour' (how the axis and the table name the points).
 */
export async function timeChart(container, { title, times, series, unit = 'day', height = 220 }) {
  const uPlot = await load();
  const holder = el('div', { class: 'chart', testid: 'chart' });
  const table = el('table', { class: 'visually-hidden' },
    el('caption', {}, title),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, unit === 'hour' ? 'Hour' : 'Day'),
      series.map((s) => el('th', { scope: 'col' }, s.label)))),
    el('tbody', {}, times.map((t, i) => el('tr', {},
      el('th', { scope: 'row' }, new Date(t * 1000).toLocaleString(undefined, unit === 'hour'
        ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' })),
      series.map((s) => el('td', {}, String(s.values[i])))))));
  container.append(holder, table);
  const width = () => Math.max(280, holder.clientWidth || container.clientWidth || 600);
  const chart = new uPlot({
    title,
    width: width(),
    height,
    scales: { x: { time: true } },
    axes: [{}, { size: 50 }],
    legend: { live: true },
    series: [{ label: unit === 'hour' ? 'Hour' : 'Day', value: (u, v) => (v == null ? '—'
      : new Date(v * 1000).toLocaleString(undefined, unit === 'hour' ? { dateStyle: 'medium', timeStyle: 'short' }
        : { dateStyle: 'medium' })) }]
      .concat(series.map((s, i) => ({
        label: s.label,
        stroke: s.colour || COLOURS[i % COLOURS.length],
        fill: s.bars ? `${s.colour || COLOURS[i % COLOURS.length]}55` : undefined,
        width: 2,
        paths: s.bars ? barsPath(uPlot) : undefined,
        points: { show: !s.bars && times.length < 60 },
      }))),
  }, [times, ...series.map((s) => s.values)], holder);
  if (typeof ResizeObserver === 'function') {
    const observer = new ResizeObserver(() => {
      if (!holder.isConnected) {
        observer.disconnect();
        return;
      }
      const w = width();
      if (w !== chart.width) {
        chart.setSize({ width: w, height });
      }
    });
    observer.observe(container);
  }
  return chart;
}
