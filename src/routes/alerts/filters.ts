import { ALERT_SEVERITIES, ALERT_STATES, type AlertSeverity, type AlertState } from '$lib/core/alert';
import { SENSOR_KINDS } from '$lib/core/sensor';

export interface AlertFilters {
  severity: AlertSeverity | 'all';
  kind: string;
  district: string;
  state: AlertState | 'open' | 'all';
}

export const DEFAULT_ALERT_FILTERS: Readonly<AlertFilters> = Object.freeze({ severity: 'all', kind: 'all', district: 'all', state: 'open' });

/**
 * The list's filters from its address (`/alerts?kind=flood&district=…&state=all`), so a report's
 * number links to the alerts behind it. Unknown values fall back to the default rather than
 * showing an empty list for a typo.
 */
export function filtersFromQuery(params: URLSearchParams, districts: readonly string[]): AlertFilters {
  const pick = <T extends string>(key: string, allowed: readonly string[], fallback: T): T => {
    const v = params.get(key);
    return v !== null && allowed.includes(v) ? (v as T) : fallback;
  };
  return {
    severity: pick('severity', ['all', ...ALERT_SEVERITIES], DEFAULT_ALERT_FILTERS.severity),
    kind: pick('kind', ['all', ...SENSOR_KINDS], DEFAULT_ALERT_FILTERS.kind),
    district: pick('district', ['all', ...districts], DEFAULT_ALERT_FILTERS.district),
    state: pick('state', ['all', 'open', ...ALERT_STATES], DEFAULT_ALERT_FILTERS.state)
  };
}
