/**
 * CSV (RFC 4180) of a table: text cells quoted when they hold a comma, quote or line break, and
 * cells a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) prefixed with `'`
 * (OWASP's CSV injection advice): sensor names come from the registry, which people edit.
 */
export type Cell = string | number | null;

export interface Table {
  columns: readonly string[];
  rows: Cell[][];
}

export function csvCell(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  const text = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Comment lines first (`# …`, each on one line), then the header and the rows; CRLF ends as RFC 4180 asks. */
export function toCsv(table: Table, comments: readonly string[] = []): string {
  const head = comments.map((c) => `# ${c.replace(/[\u0000-\u001f\u007f]/g, ' ')}`);
  const lines = [...head, table.columns.map(csvCell).join(','), ...table.rows.map((r) => r.map(csvCell).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
