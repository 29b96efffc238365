import { escapeHtml } from '../format/escape-html';

/**
 * Charts as inline SVG text (the page and the PDF show the same markup; no script, prints as
 * vectors). Labels go through escapeHtml like every other text.
 */
export interface Bar {
  label: string;
  value: number;
  href?: string;
}

/** Vertical bars, one per hour, with a tick label every `tickEvery` bars. */
export function columnChart(values: readonly number[], opts: { title: string; tickLabel: (i: number) => string; tickEvery: number; testid: string }): string {
  const w = 720;
  const h = 160;
  const pad = { l: 28, r: 8, t: 10, b: 22 };
  const max = Math.max(1, ...values);
  const bw = (w - pad.l - pad.r) / Math.max(1, values.length);
  const y = (v: number) => pad.t + (h - pad.t - pad.b) * (1 - v / max);
  const bars = values
    .map((v, i) => (v > 0 ? `<rect x="${(pad.l + i * bw + 0.5).toFixed(1)}" y="${y(v).toFixed(1)}" width="${Math.max(1, bw - 1).toFixed(1)}" height="${(h - pad.b - y(v)).toFixed(1)}" class="bar"><title>${escapeHtml(opts.tickLabel(i))}: ${v}</title></rect>` : ''))
    .join('');
  const ticks = values
    .map((_, i) => (i % opts.tickEvery === 0 ? `<text x="${(pad.l + i * bw).toFixed(1)}" y="${h - 6}" class="tick">${escapeHtml(opts.tickLabel(i))}</text>` : ''))
    .join('');
  const axis = `<text x="${pad.l - 4}" y="${pad.t + 8}" class="tick" text-anchor="end">${max}</text><text x="${pad.l - 4}" y="${h - pad.b}" class="tick" text-anchor="end">0</text>` +
    `<line x1="${pad.l}" y1="${h - pad.b}" x2="${w - pad.r}" y2="${h - pad.b}" class="axis"/>`;
  return `<svg class="chart" data-testid="${escapeHtml(opts.testid)}" viewBox="0 0 ${w} ${h}" role="img" aria-label="${escapeHtml(opts.title)}"><title>${escapeHtml(opts.title)}</title>${axis}${bars}${ticks}</svg>`;
}

/** Horizontal bars with their labels and values (a ranking). */
export function barChart(bars: readonly Bar[], opts: { title: string; testid: string }): string {
  const row = 22;
  const w = 720;
  const labelW = 220;
  const h = Math.max(row, bars.length * row) + 4;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const rows = bars
    .map((b, i) => {
      const len = ((w - labelW - 60) * b.value) / max;
      const bar = `<rect x="${labelW}" y="${i * row + 4}" width="${len.toFixed(1)}" height="${row - 8}" class="bar"/>`;
      const text = `<text x="${labelW - 6}" y="${i * row + row - 7}" text-anchor="end" class="label">${escapeHtml(b.label)}</text><text x="${(labelW + len + 6).toFixed(1)}" y="${i * row + row - 7}" class="value">${b.value}</text>`;
      return b.href ? `<a href="${escapeHtml(b.href)}">${bar}${text}</a>` : bar + text;
    })
    .join('');
  return `<svg class="chart" data-testid="${escapeHtml(opts.testid)}" viewBox="0 0 ${w} ${h}" role="img" aria-label="${escapeHtml(opts.title)}"><title>${escapeHtml(opts.title)}</title>${rows}</svg>`;
}
