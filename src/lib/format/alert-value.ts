import type { Alert, AlertRule } from '../core/alert';
import { translate, type Lang, type MessageKey } from '../i18n/translate';
import { digitsFor, formatNumber } from './format';

interface ValueWords {
  /** The measure and its unit, e.g. "Expected rise {value} cm/h". */
  value: MessageKey;
  /** What `normal` is for this rule (a usual speed, a healthy limit), when the rule sets one. */
  normal?: MessageKey;
  /** Fixed fraction digits (an index is whole); else none for a whole number, digitsFor otherwise. */
  digits?: number;
}

/**
 * What an alert's `value` measures, per rule. A bare number told staff nothing: an upstream warning's
 * "Nilai 51,9" is a rise in cm/h, a flood level's "255" is cm. Rules absent here get no value line:
 * their value is of a field the alert does not name (statistical, stuck, spike, range), and their
 * explanation already says it with its field and unit.
 */
const VALUE_WORDS: Partial<Record<AlertRule, ValueWords>> = {
  flood_level: { value: 'alertValue.flood_level' },
  rate_of_rise: { value: 'alertValue.rate_of_rise' },
  upstream_warning: { value: 'alertValue.upstream_warning' },
  air_quality: { value: 'alertValue.air_quality', normal: 'alertNormal.air_quality', digits: 0 },
  congestion: { value: 'alertValue.congestion', normal: 'alertNormal.congestion' },
  sensor_silent: { value: 'alertValue.sensor_silent', normal: 'alertNormal.sensor_silent' }
};

/**
 * Words for a value of another field than the rule's usual (Alert.valueField), per rule and field: a
 * congestion alert from a detector with no speed is of its occupancy or flow. Its `normal` (a usual
 * speed) is not said beside it. A field not listed gets no value line rather than the wrong unit.
 */
const FIELD_VALUE_WORDS: Readonly<Record<string, ValueWords>> = {
  'congestion.occupancy': { value: 'alertValue.congestion.occupancy', digits: 0 },
  'congestion.flow': { value: 'alertValue.congestion.flow', digits: 0 }
};

/**
 * "Expected rise 51.9 cm/h", "Kecepatan 23,9 km/jam · normal jam ini 45 km/jam", "Okupansi 45 %";
 * null when the rule's measure is not known.
 */
export function formatAlertValue(alert: Pick<Alert, 'rule' | 'value' | 'normal' | 'valueField'>, lang: Lang): string | null {
  const words = alert.valueField === undefined ? VALUE_WORDS[alert.rule] : FIELD_VALUE_WORDS[`${alert.rule}.${alert.valueField}`];
  if (!words || !Number.isFinite(alert.value)) return null;
  const num = (v: number) => formatNumber(v, lang, words.digits ?? (Number.isInteger(v) ? 0 : digitsFor(v)));
  const value = translate(lang, words.value, { value: num(alert.value) });
  if (!words.normal || alert.normal === undefined || !Number.isFinite(alert.normal)) return value;
  return `${value} · ${translate(lang, words.normal, { normal: num(alert.normal) })}`;
}
