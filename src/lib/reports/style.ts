/**
 * The report's styles, as text: the page puts them in its head, the PDF in its document. Readable
 * on screen (the app's dark theme variables when present) and printable (A4, black on white, links
 * plain, no page breaks inside a section's sentence).
 */
export const REPORT_CSS = `
.report { max-width: 60rem; margin: 0 auto; line-height: 1.5; color: var(--fg, #111); background: var(--bg, #fff); font-family: system-ui, sans-serif; }
.report h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
.report h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; border-bottom: 1px solid var(--border, #ccc); padding-bottom: .2rem; }
.report .subtitle { color: var(--muted, #555); margin: 0 0 1rem; }
.report p.sentence { margin: .3rem 0; }
.report a { color: var(--accent, #1f5fbf); text-decoration: underline dotted; }
.report .chart { width: 100%; height: auto; display: block; margin: .5rem 0 1rem; }
.report .chart .bar { fill: var(--accent, #1f5fbf); }
.report .chart .tick, .report .chart .label, .report .chart .value { font-size: 11px; fill: var(--fg, #111); }
.report .chart .axis { stroke: var(--muted, #777); }
.report .note { color: var(--muted, #555); font-size: .85rem; margin-top: 2rem; }
@page { size: A4; margin: 15mm; }
@media print {
  .report { color: #000; background: #fff; max-width: none; }
  .report a { color: #000; text-decoration: none; }
  .report .chart .bar { fill: #444; }
  .report .chart .tick, .report .chart .label, .report .chart .value { fill: #000; }
  .report section { break-inside: auto; }
  .report p.sentence, .report .chart { break-inside: avoid; }
  .no-print { display: none !important; }
}
`;
