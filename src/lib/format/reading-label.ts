import { ISPU_CATEGORIES, POLLUTANT_LABELS } from '../core/air-index';
import { RAIN_CATEGORIES, SIAGA_LEVELS, rainCategory } from '../core/flood-levels';
import { stateSeverity, type AirReadingState, type FloodReadingState, type ReadingState, type TrafficReadingState } from '../core/reading-state';
import type { SensorKind } from '../core/sensor';
import { TRAFFIC_LEVELS } from '../core/traffic-levels';
import type { Lang } from '../i18n/translate';
import { digitsFor, formatNumber, formatUnit } from './format';
import { kindSeverityColor } from './severity';

/**
 * The one place a reading's state becomes words, in each kind's own vocabulary: Siaga levels for
 * river gauges, ISPU categories for air, levels of service for roads. Nothing here looks at raw
 * values: the state (computed once by the ingest) is what every screen shows, so the label, the
 * dot colour and the tiles cannot tell different stories.
 */

type Words = { readonly id: string; readonly en: string };

/** The level alone ("Siaga 2 · Siaga", "Tidak Sehat", "Macet"); '' when the sensor has no scale. */
export function formatStateLevel(state: ReadingState, lang: Lang): string {
  return levelWords(state)?.[lang] ?? '';
}

/** The level and the numbers behind it, e.g. "Tidak Sehat · ISPU 132 (PM2.5)". */
export function formatStateLabel(state: ReadingState, lang: Lang): string {
  const parts = [formatStateLevel(state, lang), ...details(state, lang)];
  return parts.filter(Boolean).join(' · ');
}

/** Colour of a state on the map and in lists: its kind's scale (ISPU colours for air; see severity.ts). */
export function stateColor(state: ReadingState): string {
  return kindSeverityColor(state.kind, stateSeverity(state));
}

/**
 * Words for a cross-kind severity in one kind's scale (legends, per-kind panels): the same words
 * formatStateLevel gives a state of that severity; '' where the scale has no such level.
 */
export function formatKindSeverity(kind: SensorKind, severity: number, lang: Lang): string {
  const table: readonly (Words & { level?: number; severity?: number })[] =
    kind === 'flood' ? SIAGA_LEVELS : kind === 'air' ? ISPU_CATEGORIES : TRAFFIC_LEVELS;
  return table.find((row) => (row.level ?? row.severity) === severity)?.[lang] ?? '';
}

/** A kind's whole scale, mildest first, with the colour and words of each level (legends). */
export function kindScale(kind: SensorKind, lang: Lang): { severity: number; color: string; words: string }[] {
  const severities = kind === 'air' ? [0, 1, 2, 3, 4] : [0, 1, 2, 3];
  return severities.map((severity) => ({ severity, color: kindSeverityColor(kind, severity), words: formatKindSeverity(kind, severity, lang) }));
}

function levelWords(state: ReadingState): Words | undefined {
  switch (state.kind) {
    case 'flood':
      return SIAGA_LEVELS.find((l) => l.siaga === state.siaga);
    case 'air':
      return ISPU_CATEGORIES.find((c) => c.key === state.category);
    case 'traffic':
      return TRAFFIC_LEVELS.find((l) => l.key === state.level);
  }
}

function details(state: ReadingState, lang: Lang): string[] {
  if (state.kind === 'flood') return floodDetails(state, lang);
  if (state.kind === 'air') return airDetails(state, lang);
  return trafficDetails(state, lang);
}

function floodDetails(s: FloodReadingState, lang: Lang): string[] {
  if (s.waterLevelCm !== null) return [`${formatNumber(s.waterLevelCm, lang)} cm`];
  if (s.rainfallMmH === null) return [];
  const c: (typeof RAIN_CATEGORIES)[number] = rainCategory(s.rainfallMmH);
  const amount = formatNumber(s.rainfallMmH, lang, digitsFor(s.rainfallMmH));
  const rain = lang === 'id' ? `Hujan ${c.id.toLowerCase()}` : `${c.en} rain`;
  return [rain, `${amount} ${formatUnit('mm/h', lang)}`];
}

function airDetails(s: AirReadingState, lang: Lang): string[] {
  if (s.ispu === null) return [];
  const pollutant = s.pollutant ? ` (${POLLUTANT_LABELS[s.pollutant]})` : '';
  return [`ISPU ${formatNumber(s.ispu, lang)}${pollutant}`];
}

function trafficDetails(s: TrafficReadingState, lang: Lang): string[] {
  return s.speedKmh === null ? [] : [`${formatNumber(s.speedKmh, lang)} ${formatUnit('km/h', lang)}`];
}
