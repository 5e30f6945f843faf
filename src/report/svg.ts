/**
 * Small inline-SVG charts for the job report: line charts over time and a phase (Gantt) chart.
 * No library: a few hundred bytes per chart, readable in any browser, no scripts.
 */

/** One line of a chart: [epoch seconds, value] points. */
export interface Series {
  name: string;
  color: string;
  points: Array<[number, number]>;
}

/** One bar of the phase chart (epoch seconds). */
export interface Phase {
  name: string;
  start: number;
  end: number;
  color: string;
}

/** Chart geometry (px): the same for every chart so a screenshot's plot areas are where expected. */
export const CHART = { width: 880, height: 220, left: 70, right: 150, top: 28, bottom: 30 } as const;

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);

/** Round step for an axis from 0 to max with about n ticks. */
function niceStep(max: number, n = 4): number {
  if (!(max > 0)) return 1;
  const raw = max / n;
  const mag = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
}

function frame(title: string, body: string, id: string): string {
  const { width, height } = CHART;
  return `<svg xmlns="http://www.w3.org/2000/svg" id="${esc(id)}" class="chart" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<rect width="${width}" height="${height}" fill="#fff"/><text x="${CHART.left}" y="18" font-size="14" font-weight="bold">${esc(title)}</text>${body}</svg>`;
}

function timeAxis(t0: number, t1: number, x: (t: number) => number): string {
  const { height, bottom, top } = CHART;
  const span = Math.max(t1 - t0, 1);
  const step = niceStep(span, 6);
  let out = '';
  for (let s = 0; s <= span + 1e-9; s += step) {
    const px = x(t0 + s).toFixed(1);
    out += `<line x1="${px}" x2="${px}" y1="${top}" y2="${height - bottom}" stroke="#eee"/><text x="${px}" y="${height - bottom + 14}" font-size="11" text-anchor="middle">${Number(s.toFixed(1))} s</text>`;
  }
  return out;
}

/** A line chart of `series` over [t0, t1] with values scaled by `unit` (e.g. 1024 for kB → MB). */
export function lineChart(id: string, title: string, yLabel: string, series: Series[], t0: number, t1: number, scale = 1): string {
  const { width, height, left, right, top, bottom } = CHART;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const max = Math.max(0, ...series.flatMap((s) => s.points.map((p) => p[1] / scale)));
  const step = niceStep(max);
  const yMax = Math.max(step * Math.ceil(max / step), step);
  const x = (t: number) => left + ((t - t0) / Math.max(t1 - t0, 1)) * plotW;
  const y = (v: number) => top + plotH - (v / yMax) * plotH;
  let body = `<rect x="${left}" y="${top}" width="${plotW}" height="${plotH}" fill="#fafafa" stroke="#999"/>` + timeAxis(t0, t1, x);
  for (let v = 0; v <= yMax + 1e-9; v += step) {
    body += `<line x1="${left}" x2="${left + plotW}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#e4e4e4"/><text x="${left - 6}" y="${(y(v) + 4).toFixed(1)}" font-size="11" text-anchor="end">${Number(v.toPrecision(4))}</text>`;
  }
  body += `<text x="14" y="${top + plotH / 2}" font-size="11" transform="rotate(-90 14 ${top + plotH / 2})" text-anchor="middle">${esc(yLabel)}</text>`;
  series.forEach((s, i) => {
    const pts = s.points.map(([t, v]) => `${x(t).toFixed(1)},${y(v / scale).toFixed(1)}`).join(' ');
    // a single sample is drawn as a dot, a series as a thick line with dots
    body += s.points.length > 1 ? `<polyline fill="none" stroke="${s.color}" stroke-width="3" points="${pts}"/>` : '';
    for (const p of pts.split(' ').filter(Boolean)) {
      const [px, py] = p.split(',');
      body += `<circle cx="${px}" cy="${py}" r="4" fill="${s.color}"/>`;
    }
    const ly = top + 14 + i * 18;
    body += `<rect x="${left + plotW + 12}" y="${ly - 9}" width="14" height="10" fill="${s.color}"/><text x="${left + plotW + 30}" y="${ly}" font-size="12">${esc(s.name)}</text>`;
  });
  return frame(title, body, id);
}

/** The job's phases as bars on the same time axis. */
export function phaseChart(id: string, title: string, phases: Phase[], t0: number, t1: number): string {
  const { width, height, left, right, top, bottom } = CHART;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const x = (t: number) => left + ((t - t0) / Math.max(t1 - t0, 1)) * plotW;
  const row = plotH / Math.max(phases.length, 1);
  let body = `<rect x="${left}" y="${top}" width="${plotW}" height="${plotH}" fill="#fafafa" stroke="#999"/>` + timeAxis(t0, t1, x);
  phases.forEach((p, i) => {
    const y = top + i * row + 3;
    // a phase shorter than a pixel still shows
    const w = Math.max(x(p.end) - x(p.start), 3);
    body += `<rect x="${x(p.start).toFixed(1)}" y="${y.toFixed(1)}" width="${w.toFixed(1)}" height="${(row - 6).toFixed(1)}" fill="${p.color}"/>` +
      `<text x="${left + plotW + 12}" y="${(y + row / 2).toFixed(1)}" font-size="12">${esc(p.name)} ${(p.end - p.start).toFixed(2)} s</text>`;
  });
  return frame(title, body, id);
}
