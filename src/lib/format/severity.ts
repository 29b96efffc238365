import type { AlertSeverity } from '../core/alert';
import { SIAGA_LEVELS } from '../core/flood-levels';

/**
 * One colour per reading severity (0 normal … 4 worst) for map and lists. 0–3 are the core level
 * colours (Siaga and traffic tables agree); 4 is ISPU "Berbahaya", whose official black would vanish
 * on a dark screen, so the wall uses a purple for it and says "Berbahaya" in the label.
 */
export const SEVERITY_COLORS = [...SIAGA_LEVELS.map((l) => l.color), '#a23cc8'] as const;

/** No reading, or a reading too old to be trusted: grey, never a state colour. */
export const STALE_COLOR = '#6b7280';

export const ALERT_COLORS: Record<AlertSeverity, string> = {
  info: '#2f6fd6',
  warning: '#f08c00',
  critical: '#d7263d'
};

/** A shape per alert severity, so state never depends on colour alone. */
export const ALERT_SHAPES: Record<AlertSeverity, string> = { info: '●', warning: '▲', critical: '◆' };

/** A shape per reading severity for lists (map uses ring width instead). */
export const SEVERITY_SHAPES = ['●', '▲', '▲', '◆', '◆'] as const;

export function severityColor(severity: number): string {
  if (!(severity >= 0)) return STALE_COLOR;
  return SEVERITY_COLORS[Math.min(SEVERITY_COLORS.length - 1, Math.floor(severity))];
}

/** Below this a reading is always fresh: protects fast sensors from a single late message. */
export const STALE_MIN_MS = 60_000;
/** Missed readings before the sensor's last value is greyed out. */
export const STALE_INTERVALS = 3;

export function isStale(readingTs: number, intervalS: number, now: number): boolean {
  return now - readingTs > Math.max(STALE_MIN_MS, STALE_INTERVALS * intervalS * 1000);
}
