/**
 * Whether an alert is a forecast warning told unchecked (ingest/detect/alert-unchecked.ts says what that is), read by the
 * ingest after a restart and by every screen. The state is the alert's own field `uncheckedSince`, not its wording: a
 * reader in Indonesian, or a later version that words the explanation otherwise, must see the same state. Alerts told
 * unchecked before the field existed said so only by how their English explanation began (UNCHECKED_MARK): they are
 * still recognised by it while held, with the time their forecast ran out (their hold's start plus FORECAST_REACH_MS,
 * what the field stores).
 */
import type { Alert, Text } from './alert';
import { FORECAST_HORIZONS_MIN } from './forecast';

/** The longest a forecast looks ahead: what a warning made before a fault can say no longer reaches past it. */
export const FORECAST_REACH_MS = Math.max(...FORECAST_HORIZONS_MIN) * 60_000;
/** How an unchecked warning's explanation begins (for the reader; state is `uncheckedSince`, this only for old alerts). */
export const UNCHECKED_MARK: Text = { id: 'Prakiraan tak terperiksa: ', en: 'Forecast unchecked: ' };

type Told = Pick<Alert, 'uncheckedSince' | 'heldSince' | 'explanation'>;

/** Since when alert `a`'s forecast has run out, told unchecked; undefined when it is not an unchecked warning. */
export function uncheckedSince(a: Told): number | undefined {
  if (typeof a.uncheckedSince === 'number') return a.uncheckedSince;
  // an alert stored before the field (the state was its English wording): only while held, as it was then
  const old = a.heldSince !== undefined && typeof a.explanation?.en === 'string' && a.explanation.en.startsWith(UNCHECKED_MARK.en);
  return old ? a.heldSince! + FORECAST_REACH_MS : undefined;
}

export function isUnchecked(a: Told): boolean {
  return uncheckedSince(a) !== undefined;
}
