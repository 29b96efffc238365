/**
 * Where each number of a report can be checked: the pages that show it. Path parts are encoded;
 * the report view escapes the rest like any other attribute.
 */
export const links = {
  sensor: (id: string) => `/sensors/${encodeURIComponent(id)}`,
  alerts: (filter: { kind?: string; district?: string; severity?: string; state?: 'open' | 'all' } = {}) => {
    const q = new URLSearchParams({ state: 'all', ...filter });
    return `/alerts?${q}`;
  },
  districts: () => '/districts',
  /** The city replayed over a window (the replay page's own URL form). */
  replay: (from: number, to: number) => `/replay?from=${Math.trunc(from)}&to=${Math.trunc(to)}`,
  registry: () => '/sensors/registry',
  report: (kind: string, key: string) => `/reports/${kind}/${encodeURIComponent(key)}`,
  /** The alerts of a period a number counts (period-alerts.ts): the live /alerts list no longer holds them. */
  periodAlerts: (p: { kind: string; key: string }, filter: { category?: 'maintenance'; kind?: string; district?: string; severity?: string; rule?: string; level?: number } = {}) => {
    const q = new URLSearchParams(Object.entries(filter).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
    return `/reports/${p.kind}/${encodeURIComponent(p.key)}/alerts${q.size ? `?${q}` : ''}`;
  }
};
