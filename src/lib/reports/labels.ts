import type { AlertRule, Text } from '../core/alert';
import { ISPU_CATEGORIES } from '../core/air-index';
import { SIAGA_LEVELS } from '../core/flood-levels';
import { TRAFFIC_LEVELS } from '../core/traffic-levels';
import type { SensorKind } from '../core/sensor';

/** Words for the keys facts carry: kinds, rules and an alert's level in its kind's own scale. */
export const KIND_LABELS: Readonly<Record<SensorKind, Text>> = Object.freeze({
  flood: { id: 'Banjir', en: 'Flood' },
  air: { id: 'Udara', en: 'Air' },
  traffic: { id: 'Lalu lintas', en: 'Traffic' }
});

const RULE_LABELS: Readonly<Record<AlertRule, Text>> = Object.freeze({
  flood_level: { id: 'Tinggi muka air', en: 'Water level' },
  rate_of_rise: { id: 'Air naik cepat', en: 'Fast rise' },
  upstream_warning: { id: 'Peringatan hulu', en: 'Upstream warning' },
  air_quality: { id: 'Kualitas udara', en: 'Air quality' },
  congestion: { id: 'Kemacetan', en: 'Congestion' },
  statistical: { id: 'Nilai tak biasa', en: 'Unusual value' },
  sensor_silent: { id: 'Sensor diam', en: 'Sensor silent' },
  sensor_stuck: { id: 'Sensor macet nilai', en: 'Sensor stuck' },
  sensor_spike: { id: 'Lonjakan sensor', en: 'Sensor spike' },
  sensor_step: { id: 'Loncatan level sensor', en: 'Sensor level step' },
  sensor_range: { id: 'Di luar rentang', en: 'Out of range' }
});

export function ruleLabel(rule: AlertRule): Text {
  return RULE_LABELS[rule] ?? { id: rule, en: rule };
}

/** flood_level 1 = Siaga 3 … 3 = Siaga 1; air_quality 1 = Tidak Sehat …; congestion 2 = Padat, 3 = Macet. */
export function levelLabel(rule: AlertRule, level: number): Text {
  if (rule === 'flood_level') {
    const s = SIAGA_LEVELS.find((l) => l.severity === level);
    if (s) return { id: s.id, en: s.en };
  }
  if (rule === 'air_quality') {
    const c = ISPU_CATEGORIES.find((x) => x.level === level + 1);
    if (c) return { id: c.id, en: c.en };
  }
  if (rule === 'congestion') {
    const t = TRAFFIC_LEVELS.find((x) => x.severity === level);
    if (t) return { id: t.id, en: t.en };
  }
  const r = ruleLabel(rule);
  return { id: `${r.id} · level ${level}`, en: `${r.en} · level ${level}` };
}
