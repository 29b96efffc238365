import type { Text } from '../../src/lib/core/alert';
import { witaClock } from '../../src/lib/core/wita';
import { formatNumber, type RuleFamilyTexts } from './texts-format';

/**
 * The flood rules' words (flood_level, rate_of_rise, upstream_warning), in Indonesian and English: the Siaga
 * alerts, the forecast warnings' titles and explanations per what their crossing allows, and the note a flood
 * alert adds when the level it judges is not the level read. Part of the one table in texts.ts (TEXTS).
 */

/**
 * What a forecast warning (flood-forecast.ts) can honestly say of its crossing, from the forecast
 * the sensor page and the wall show too: 'expected' when the central forecast reaches the level
 * (its time, and the earliest: the top of the 80 % range); 'possible' when only the range's top
 * does (the early warning: a crossing missed costs more than a false alarm); 'held' when the
 * latest forecast reaches it no more but the warning holds while the water has not receded.
 */
export type ForecastVariant = 'expected' | 'possible' | 'held';
/**
 * The texts once the time stated has passed without the crossing (Finding.late): 'late' for an
 * 'expected' warning, 'possibleLate' for a 'possible' one ("may reach … from ≈ 09:35, not reached yet").
 */
export type ForecastTextVariant = ForecastVariant | 'late' | 'possibleLate';
export type ForecastRule = 'rate_of_rise' | 'upstream_warning';

/**
 * An expected warning's earliest (the top of the 80 % range), said only when it is another minute
 * than the expected time (forecastParams fills these as {earliestNote} in the title and
 * {earliestClause} in the explanation, empty otherwise): "≈ 10:56 WITA (earliest 10:56)" said nothing.
 */
export const FORECAST_EARLIEST: { note: Text; clause: Text } = {
  note: { id: ' (paling cepat {earliest})', en: ' (earliest {earliest})' },
  clause: {
    id: ', paling cepat dalam ±{earliestMinutes} menit (≈ {earliest} WITA, batas atas rentang prakiraan 80 %)',
    en: ', at the earliest in about {earliestMinutes} min (≈ {earliest} WITA, top of the 80 % forecast range)'
  }
};

const FORECAST_TITLES: Record<ForecastTextVariant, Text> = {
  expected: { id: '{name} diperkirakan Siaga {next} ≈ {at} WITA{earliestNote}', en: '{name} expected at Level {next} ≈ {at} WITA{earliestNote}' },
  late: { id: '{name} diperkirakan Siaga {next} ≈ {at} WITA, belum tercapai', en: '{name} expected at Level {next} ≈ {at} WITA, not reached yet' },
  possible: { id: '{name} mungkin Siaga {next} mulai ≈ {earliest} WITA', en: '{name} may reach Level {next} from ≈ {earliest} WITA' },
  possibleLate: { id: '{name} mungkin Siaga {next} mulai ≈ {earliest} WITA, belum tercapai', en: '{name} may reach Level {next} from ≈ {earliest} WITA, not reached yet' },
  held: { id: '{name} masih mungkin Siaga {next}; prakiraan terbaru di bawah ambang', en: '{name} may still reach Level {next}; latest forecast stays below' }
};
/** The forecast's path in words: its levels, then what they mean for the threshold (the same path as the title's time). */
const FORECAST_PATHS: Record<ForecastTextVariant, Text> = {
  expected: {
    id: '{value} cm sekarang, {h60} cm dalam 1 jam, {h120} cm dalam 2 jam; ambang Siaga {next} {threshold} cm dalam ±{minutes} menit (≈ {at} WITA){earliestClause}.',
    en: '{value} cm now, {h60} cm in 1 h, {h120} cm in 2 h; Level {next} threshold {threshold} cm in about {minutes} min (≈ {at} WITA){earliestClause}.'
  },
  late: {
    id: '{value} cm sekarang, {h60} cm dalam 1 jam, {h120} cm dalam 2 jam; ambang Siaga {next} {threshold} cm diperkirakan ≈ {at} WITA, belum tercapai.',
    en: '{value} cm now, {h60} cm in 1 h, {h120} cm in 2 h; Level {next} threshold {threshold} cm expected ≈ {at} WITA, not reached yet.'
  },
  possible: {
    id: '{value} cm sekarang, {h60} cm dalam 1 jam, {h120} cm dalam 2 jam, di bawah ambang Siaga {next} {threshold} cm; batas atas rentang prakiraan 80 % mencapainya dalam ±{earliestMinutes} menit (≈ {earliest} WITA). Peringatan dini: lebih baik bersiap daripada terlambat.',
    en: '{value} cm now, {h60} cm in 1 h, {h120} cm in 2 h, below the Level {next} threshold {threshold} cm; the top of the 80 % forecast range reaches it in about {earliestMinutes} min (≈ {earliest} WITA). An early warning: better ready than late.'
  },
  possibleLate: {
    id: '{value} cm sekarang, {h60} cm dalam 1 jam, {h120} cm dalam 2 jam, di bawah ambang Siaga {next} {threshold} cm; mungkin mulai ≈ {earliest} WITA (batas atas rentang prakiraan 80 %), belum tercapai.',
    en: '{value} cm now, {h60} cm in 1 h, {h120} cm in 2 h, below the Level {next} threshold {threshold} cm; possible from ≈ {earliest} WITA (top of the 80 % forecast range), not reached yet.'
  },
  held: {
    id: '{value} cm sekarang, {h60} cm dalam 1 jam, {h120} cm dalam 2 jam, di bawah ambang Siaga {next} {threshold} cm, juga batas atas rentang prakiraan 80 %. Peringatan tetap terbuka sampai air surut: prakiraan sungai yang naik sering ragu-ragu selama satu jam.',
    en: '{value} cm now, {h60} cm in 1 h, {h120} cm in 2 h, below the Level {next} threshold {threshold} cm, as is the top of the 80 % forecast range. The warning stays open until the water recedes: forecasts of a rising river often waver for an hour.'
  }
};
/** Per rule: before the title, before the path, and the rule's closing words after the reasons. */
const FORECAST_RULES: Record<ForecastRule, { title: Text; head: Text; rule: Text }> = {
  rate_of_rise: {
    title: { id: '', en: '' },
    head: { id: 'Prakiraan: ', en: 'Forecast: ' },
    rule: {
      id: 'Aturan: prakiraan muka air (model daring dari pos ini, pos hulu dan hujan; keyakinan {confidence}/100; {record}).',
      en: 'Rule: river-level forecast (online model of this gauge, its upstream gauges and rain; confidence {confidence}/100; {record}).'
    }
  },
  upstream_warning: {
    title: { id: 'Air dari hulu {upstream}: ', en: 'Water from upstream {upstream}: ' },
    head: { id: 'Prakiraan pos {name}: ', en: 'Forecast at {name}: ' },
    rule: { id: 'Aturan: prakiraan pos hilir dari air pos hulu (keyakinan {confidence}/100; {record}).', en: 'Rule: downstream forecast from the upstream water (confidence {confidence}/100; {record}).' }
  }
};

function forecastTexts(rule: ForecastRule, v: ForecastTextVariant): { title: Text; explanation: Text } {
  const [r, title, path] = [FORECAST_RULES[rule], FORECAST_TITLES[v], FORECAST_PATHS[v]];
  const why = { id: ' Sebab: {reasons}. ', en: ' Why: {reasons}. ' };
  // {stepNote}: the forecast is shown on the gauge's readings' datum, its threshold on the Siaga levels' (stepNote below)
  const say = (lang: keyof Text) => ({ title: r.title[lang] + title[lang], explanation: r.head[lang] + path[lang] + '{stepNote}' + why[lang] + r.rule[lang] });
  const [id, en] = [say('id'), say('en')];
  return { title: { id: id.title, en: en.title }, explanation: { id: id.explanation, en: en.explanation } };
}

function forecastRuleTexts(rule: ForecastRule): Record<ForecastTextVariant, { title: Text; explanation: Text }> {
  const variants: ForecastTextVariant[] = ['expected', 'late', 'possible', 'possibleLate', 'held'];
  return Object.fromEntries(variants.map((v) => [v, forecastTexts(rule, v)])) as Record<ForecastTextVariant, { title: Text; explanation: Text }>;
}

/** The forecast warnings' titles and explanations, per rule and per what their crossing allows (ForecastVariant). Times are WITA. */
export const FORECAST_TEXTS: Record<ForecastRule, Record<ForecastTextVariant, { title: Text; explanation: Text }>> = {
  rate_of_rise: forecastRuleTexts('rate_of_rise'),
  upstream_warning: forecastRuleTexts('upstream_warning')
};

/** flood_level, rate_of_rise and upstream_warning's rows of TEXTS (texts.ts). */
export const FLOOD_TEXTS: RuleFamilyTexts<'flood_level' | 'rate_of_rise' | 'upstream_warning'> = {
  flood_level: {
    title: { id: '{siaga} · {name} {value} cm', en: '{siaga} · {name} {value} cm' },
    explanation: {
      id: 'Tinggi muka air {value} cm mencapai ambang {siaga} ({threshold} cm) di {name}.{stepNote} Aturan: ambang siaga pos duga air.',
      en: 'Water level {value} cm reached the {siaga} threshold ({threshold} cm) at gauge {name}.{stepNote} Rule: gauge alert thresholds.'
    },
    actions: {
      '1': {
        id: 'Pantau tinggi muka air tiap 15 menit; siagakan tim BPBD dan pompa di titik rawan banjir.',
        en: 'Check the water level every 15 min; put BPBD teams and pumps at flood-prone points on standby.'
      },
      '2': {
        id: 'Kirim peringatan ke kelurahan terdampak; siapkan evakuasi dan tutup jalan/underpass rawan genangan.',
        en: 'Warn the affected kelurahan; prepare evacuation and close flood-prone roads and underpasses.'
      },
      '3': {
        id: 'Mulai evakuasi warga bantaran sungai; alihkan lalu lintas dan kerahkan tim SAR.',
        en: 'Evacuate riverbank residents; divert traffic and deploy search-and-rescue teams.'
      }
    }
  },
  rate_of_rise: {
    title: {
      id: '{name} naik {rate} cm/jam: Siaga {next} dalam ±{minutes} menit',
      en: '{name} rising {rate} cm/h: Level {next} in about {minutes} min'
    },
    explanation: {
      id: 'Air naik {rate} cm/jam (regresi robust {points} titik, {spanMin} menit terakhir); {value} cm sekarang, ambang Siaga {next} {threshold} cm.{stepNote} Aturan: laju kenaikan ≥ {minRate} cm/jam dan ambang berikut dalam 1 jam, air sudah separuh jalan dari normalnya (atau naik ≥ 50 cm/jam).',
      en: 'Water rising {rate} cm/h (robust fit over {points} points, last {spanMin} min); {value} cm now, Level {next} threshold {threshold} cm.{stepNote} Rule: rise ≥ {minRate} cm/h and next threshold within 1 h, water already halfway from its normal (or rising ≥ 50 cm/h).'
    },
    actions: {
      default: {
        id: 'Peringatan dini: siagakan tim dan pompa sebelum ambang tercapai; cek pintu air dan saluran di hilir.',
        en: 'Early warning: stage teams and pumps before the threshold is reached; check sluice gates and drains downstream.'
      },
      '3': {
        id: 'Siaga 1 mendekat: siapkan evakuasi bantaran sekarang dan umumkan ke warga.',
        en: 'Level 1 is near: prepare riverbank evacuation now and inform residents.'
      }
    }
  },
  upstream_warning: {
    // its forecast's texts when the central forecast crosses; formatForecastTexts picks the ones its crossing allows
    ...FORECAST_TEXTS.upstream_warning.expected,
    actions: {
      default: {
        id: 'Siagakan petugas di pos hilir; periksa pompa dan saluran sebelum air dari hulu tiba.',
        en: 'Put staff at downstream gauges on standby; check pumps and drains before the upstream water arrives.'
      }
    }
  }
};

/**
 * Said in a flood alert's explanation ({stepNote}) when the level it judges is not the level read (a level step sensor_step
 * reads away): the chart shows the raw readings, and an alert at 220 cm beside a chart at 120 cm would be dismissed as a
 * glitch. Empty when the two are the same (`shift` 0: the cm the rules read the level less).
 */
export function stepNote(read: number, shift: number): Text | string {
  if (shift === 0) return '';
  const [r, s] = [formatNumber(read), formatNumber(Math.abs(shift))];
  const sign = shift < 0 ? '+' : '−';
  return {
    id: ` Pos membaca ${r} cm; Pantau menghitung ${sign}${s} cm karena lompatan level yang dicurigai (sensor_step).`,
    en: ` The gauge reads ${r} cm; Pantau counts ${sign}${s} cm for a suspected level step (sensor_step).`
  };
}

/** How the frozen note begins: an open alert whose explanation has it says so (alert-update.ts, also after a restart). */
export const FROZEN_NOTE_MARK: Text = { id: ' Pos membaca persis ', en: ' The gauge has read exactly ' };

/**
 * Said in a flood alert's explanation ({stepNote}) while the gauge reads exactly the value of a jump sensor_step judged a
 * logger's fault, its hold over (`since`: the jump, NaN: not so): staff reading the emergency see the doubt the maintenance
 * alert states, as a held alert's note says (alert-hold.ts). Then `suspectReadings` goes on the finding.
 */
export function frozenNote(read: number, since: number): Text | string {
  if (Number.isNaN(since)) return '';
  const [r, at] = [formatNumber(read), witaClock(since)];
  return {
    id: `${FROZEN_NOTE_MARK.id}${r} cm sejak ${at} WITA; mungkin logger rusak: periksa muka air dengan cara lain (papan duga, laporan petugas).`,
    en: `${FROZEN_NOTE_MARK.en}${r} cm since ${at} WITA; it may be a logger fault: check the water by other means (staff gauge, field report).`
  };
}

/** A flood alert's notes on the level read ({stepNote}): the step read away (stepNote), and a frozen value (frozenNote). */
export function readingNotes(read: number, shift: number, frozenSince: number): Text | string {
  const [step, frozen] = [stepNote(read, shift), frozenNote(read, frozenSince)];
  if (frozen === '' || step === '') return frozen === '' ? step : frozen;
  return { id: (step as Text).id + (frozen as Text).id, en: (step as Text).en + (frozen as Text).en };
}
