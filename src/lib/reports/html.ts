import { formatShortTime } from '../format/format';
import { barChart, columnChart } from './charts';
import { escapeHtml } from '../format/escape-html';
import { KIND_LABELS } from './labels';
import { links } from './links';
import type { Report } from './report';
import { isLink, type Sentence } from './sentence';
import { REPORT_CSS } from './style';
import { HOUR_MS } from './period';

/**
 * A report as HTML: the one markup the page shows and Chromium prints, so both say the same. Every
 * text goes through escapeHtml; `origin` makes links absolute (a PDF has no page to be relative to).
 */
function sentenceHtml(s: Sentence, origin: string): string {
  return s.map((p) => (isLink(p) ? `<a href="${escapeHtml(origin + p.href)}">${escapeHtml(p.text)}</a>` : escapeHtml(p))).join('');
}

function charts(report: Report, origin: string): Record<string, string> {
  const { facts, period, lang } = report;
  const perHour = facts.alerts.perHour;
  const week = period.kind === 'week';
  const title = lang === 'id' ? 'Peringatan darurat per jam' : 'Emergency alerts per hour';
  const hourChart = columnChart(perHour, {
    title, testid: 'chart-per-hour', tickEvery: week ? 24 : perHour.length > 8 ? 3 : 1,
    tickLabel: (i) => (week ? new Intl.DateTimeFormat(lang === 'id' ? 'id-ID' : 'en-GB', { timeZone: 'Asia/Makassar', weekday: 'short', day: 'numeric' }).format(period.start + i * HOUR_MS) : formatShortTime(period.start + i * HOUR_MS, lang))
  });
  const ranking = facts.ranking.map((k) =>
    barChart(k.districts.map((d) => ({ label: `${KIND_LABELS[k.kind][lang]} · ${d.district}`, value: d.count, href: origin + links.periodAlerts(period, { kind: k.kind, district: d.district }) })), {
      title: `${KIND_LABELS[k.kind][lang]}`, testid: `chart-ranking-${k.kind}`
    })
  );
  return { alerts: `<h3 class="chart-title">${escapeHtml(title)}</h3>${hourChart}`, ranking: ranking.join('') };
}

export function renderReportBody(report: Report, origin = ''): string {
  const chartBy = charts(report, origin);
  const sections = report.sections.map((s) => {
    const body = s.sentences.map((x) => `<p class="sentence">${sentenceHtml(x, origin)}</p>`).join('');
    return `<section data-section="${escapeHtml(s.key)}"><h2>${escapeHtml(s.title)}</h2>${chartBy[s.key] ?? ''}${body}</section>`;
  });
  const note = report.lang === 'id'
    ? 'Setiap kalimat dibuat dari templat atas fakta yang dihitung dari data Pantau; setiap angka tertaut ke halaman yang menampilkannya. Tidak ada model bahasa yang digunakan.'
    : 'Every sentence is made from a template over facts computed from Pantau’s data; every number links to the page that shows it. No language model was used.';
  return `<article class="report" data-testid="report" data-period="${escapeHtml(report.period.kind)}" data-key="${escapeHtml(report.period.key)}">` +
    `<h1 data-testid="report-title">${escapeHtml(report.title)}</h1><p class="subtitle">${escapeHtml(report.subtitle)}</p>${sections.join('')}<p class="note">${escapeHtml(note)}</p></article>`;
}

/** A whole document for Chromium to print. */
export function renderReportDocument(report: Report, origin: string): string {
  return `<!doctype html><html lang="${report.lang}"><head><meta charset="utf-8"><title>${escapeHtml(report.title)}</title><style>${REPORT_CSS}</style></head>` +
    `<body>${renderReportBody(report, origin)}</body></html>`;
}
