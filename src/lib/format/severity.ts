import type { AlertSeverity } from '../core/alert';
import { ISPU_CATEGORIES } from '../core/air-index';
import { SIAGA_LEVELS } from '../core/flood-levels';
import type { SensorKind } from '../core/sensor';

/** ISPU "Berbahaya" is officially black, which would vanish on a dark screen: the UI draws it purple and says "Berbahaya" in the label. */
const HAZARDOUS_ON_DARK = '#a23cc8';

/**
 * One colour per reading severity (0 normal … 4 worst) for the cross-kind scale (clusters, district
 * fills). 0–3 are the core level colours (Siaga and traffic tables agree); 4 is ISPU "Berbahaya".
 * A single air sensor's state is drawn in its ISPU colour instead: see kindSeverityColor.
 */
export const SEVERITY_COLORS = [...SIAGA_LEVELS.map((l) => l.color), HAZARDOUS_ON_DARK] as const;

/**
 * ISPU categories by level (0 Baik … 4 Berbahaya) in the official P.14/2020 colours: green, blue,
 * yellow, red, and Berbahaya's black replaced for dark screens. Not the Siaga scale: ISPU "Sedang"
 * is blue, not yellow.
 */
export const ISPU_COLORS: readonly string[] = ISPU_CATEGORIES.map((c) => (c.key === 'berbahaya' ? HAZARDOUS_ON_DARK : c.color));

/** No reading, or a reading too old to be trusted: grey, never a state colour. */
export const STALE_COLOR = '#6b7280';

/** Used as text on the dark panels: each at least 4.5:1 on --panel #0f1726 (WCAG AA). */
export const ALERT_COLORS: Record<AlertSeverity, string> = {
  info: '#5b9bf0',
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

/**
 * The one colour of a sensor kind's state at a severity, everywhere a single kind is drawn (map
 * dots, legends, wall panels, /insights): air in its ISPU colours, flood and traffic in the
 * severity scale (their tables share it).
 */
export function kindSeverityColor(kind: SensorKind, severity: number): string {
  if (kind !== 'air' || !(severity >= 0)) return severityColor(severity);
  return ISPU_COLORS[Math.min(ISPU_COLORS.length - 1, Math.floor(severity))];
}

/** Below this a reading is always fresh: protects fast sensors from a single late message. */
export const STALE_MIN_MS = 60_000;
/** Missed readings before the sensor's last value is greyed out. */
export const STALE_INTERVALS = 3;

export function isStale(readingTs: number, intervalS: number, now: number): boolean {
  return now - readingTs > Math.max(STALE_MIN_MS, STALE_INTERVALS * intervalS * 1000);
}
