import type { AlertSeverity } from '../core/alert';

/**
 * Response targets per severity, in one place: minutes from raised to acknowledged and to
 * resolved. A proposal for the city to set; the report measures against whatever stands here.
 */
export const RESPONSE_TARGETS_MIN: Readonly<Record<AlertSeverity, { acknowledge: number; resolve: number }>> = Object.freeze({
  critical: { acknowledge: 5, resolve: 120 },
  warning: { acknowledge: 15, resolve: 240 },
  info: { acknowledge: 60, resolve: 1440 }
});
