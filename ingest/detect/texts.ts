import type { AlertRule, Text } from '../../src/lib/core/alert';

/**
 * Every word an alert shows, in Indonesian (`id`) and English (`en`), in one table so that
 * translators and the operations room review texts in one place, not across the rules.
 * `{name}` placeholders are filled by formatText; a placeholder whose value is a Text picks
 * the same language.
 *
 * Actions are looked up by `<kind>:<level>`, then `<kind>`, then `<level>`, then `default`
 * (see actionFor): a rule can say "what to do" per sensor kind, per level, or both.
 */
export interface RuleTexts {
  title: Text;
  explanation: Text;
  actions: Record<string, Text>;
}

export type TextParams = Record<string, string | number | Text>;

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
  // {stepNote}: the forecast is shown on the gauge's readings' datum, its threshold on the Siaga levels' (texts.ts stepNote)
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

export const TEXTS: Record<AlertRule, RuleTexts> = {
  flood_level: {
    title: { id: '{siaga} · {name} {value} cm', en: '{siaga} · {name} {value} cm' },
    explanation: {
      id: 'Tinggi muka air {value} cm mencapai ambang {siaga} ({threshold} cm) di pos {name}.{stepNote} Aturan: ambang siaga pos duga air.',
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
  },
  air_quality: {
    title: { id: 'ISPU {value} · {category} · {name}', en: 'AQI (ISPU) {value} · {category} · {name}' },
    explanation: {
      id: 'ISPU rata-rata 1 jam {value} (dominan {dominant}), batas sehat {normal}. Aturan: ISPU ≥ 101 (KLHK menerbitkan PM2.5 per jam).',
      en: 'Hourly mean ISPU {value} (dominant {dominant}), healthy limit {normal}. Rule: ISPU ≥ 101 (KLHK publishes PM2.5 hourly).'
    },
    actions: {
      '1': {
        id: 'Umumkan anjuran kurangi aktivitas luar ruang bagi kelompok sensitif; cek sumber pembakaran terdekat.',
        en: 'Advise sensitive groups to reduce outdoor activity; check nearby burning sources.'
      },
      '2': {
        id: 'Anjurkan warga memakai masker dan tetap di dalam ruang; koordinasi dengan Dinas Kesehatan dan DLH.',
        en: 'Advise residents to wear masks and stay indoors; coordinate with the health office and DLH.'
      },
      '3': {
        id: 'Keadaan berbahaya: aktifkan posko kesehatan, pertimbangkan penutupan sekolah, laporkan ke BPBD.',
        en: 'Hazardous: open health posts, consider closing schools, report to BPBD.'
      }
    }
  },
  congestion: {
    // {speedNote} and {speed}: CONGESTION_SPEED
    title: { id: '{level} · {name}{speedNote}', en: '{level} · {name}{speedNote}' },
    explanation: {
      id: '{speed}; {usual}arus bebas {freeFlow} km/jam; derajat kejenuhan {saturation}. Aturan: kemacetan terhadap profil ruas dan kebiasaan jam ini.',
      en: '{speed}; {usual}free flow {freeFlow} km/h; saturation {saturation}. Rule: congestion against the road profile and its usual for this hour.'
    },
    actions: {
      '2': {
        id: 'Pantau CCTV ruas ini; siapkan petugas Dishub untuk pengaturan arus.',
        en: 'Watch this road on CCTV; get Dishub officers ready to direct traffic.'
      },
      '3': {
        id: 'Kirim petugas Dishub/Polantas; ubah siklus lampu lalu lintas dan umumkan rute alternatif.',
        en: 'Send Dishub/traffic police; retime the signals and announce alternative routes.'
      }
    }
  },
  statistical: {
    title: { id: 'Pola tidak biasa · {name}', en: 'Unusual pattern · {name}' },
    explanation: { id: 'Model statistik menandai nilai {value}.', en: 'The statistical model flagged value {value}.' },
    actions: {
      default: { id: 'Periksa data sensor dan kondisi lapangan.', en: 'Check the sensor data and conditions on site.' }
    }
  },
  sensor_silent: {
    title: { id: 'Sensor diam · {name}', en: 'Sensor silent · {name}' },
    explanation: {
      id: 'Tidak ada data selama {minutes} menit; sensor berjanji tiap {intervalS} detik. Aturan: tanpa data 3 × interval.',
      en: 'No reading for {minutes} min; the sensor promises one every {intervalS} s. Rule: no reading for 3 × interval.'
    },
    actions: {
      default: { id: 'Cek daya, modem dan jaringan sensor.', en: 'Check the sensor power, modem and network.' },
      flood: {
        id: 'Cek daya (panel surya/aki), modem dan jaringan pos duga air; minta pembacaan manual papan duga.',
        en: 'Check the gauge power (solar/battery), modem and network; ask for a manual staff-gauge reading.'
      }
    }
  },
  sensor_stuck: {
    title: { id: 'Nilai macet · {name} {field} = {value}', en: 'Stuck value · {name} {field} = {value}' },
    explanation: {
      id: '{field} sama persis {count} kali berturut-turut, padahal biasanya berubah. Aturan: nilai macet.',
      en: '{field} was exactly the same {count} times in a row, though it normally varies. Rule: stuck value.'
    },
    actions: {
      default: { id: 'Jadwalkan pemeriksaan dan kalibrasi sensor.', en: 'Schedule a sensor check and calibration.' },
      flood: { id: 'Periksa sensor ultrasonik/pelampung dari sampah atau sarang.', en: 'Check the ultrasonic/float sensor for debris or nests.' },
      air: { id: 'Periksa kipas dan inlet sensor partikel.', en: 'Check the particle sensor fan and inlet.' },
      traffic: { id: 'Periksa detektor (loop/kamera) dan firmware-nya.', en: 'Check the detector (loop/camera) and its firmware.' }
    }
  },
  sensor_spike: {
    title: { id: 'Lonjakan sesaat · {name} {field} {value}', en: 'One-off spike · {name} {field} {value}' },
    explanation: {
      id: '{field} melonjak ke {value} lalu kembali ke ±{normal} pada pembacaan berikutnya. Aturan: lonjakan satu titik (diabaikan untuk peringatan).',
      en: '{field} jumped to {value} and came back to about {normal} at the next reading. Rule: single-point spike (not used for emergencies).'
    },
    actions: {
      default: { id: 'Periksa kabel, daya dan gangguan di sekitar sensor.', en: 'Check cabling, power and interference around the sensor.' }
    }
  },
  sensor_step: {
    title: { id: 'Loncatan level {step} cm pukul {at} · {name}', en: 'Level step of {step} cm at {at} · {name}' },
    explanation: {
      id: 'Muka air berpindah {step} cm dalam satu pembacaan pukul {at} WITA lalu bergerak seperti biasa di sekitar level baru, tanpa terus naik seperti banjir: diduga datum bergeser atau sensor diganti. {rules} Aturan: loncatan level.',
      en: 'The level moved {step} cm in one reading at {at} WITA and has since varied as usual around the new level, without going on rising as a flood does: datum shift or sensor change suspected. {rules} Rule: level step.'
    },
    actions: {
      default: {
        id: 'Bandingkan dengan pembacaan manual papan duga; setel ulang nol logger atau sesuaikan ambang Siaga, lalu selesaikan peringatan ini.',
        en: 'Compare with a manual staff-gauge reading; reset the logger zero or move the Siaga thresholds, then resolve this alert.'
      }
    }
  },
  sensor_range: {
    title: { id: 'Nilai di luar rentang · {name} {field} {value}', en: 'Value out of range · {name} {field} {value}' },
    explanation: {
      id: '{field} = {value} di luar rentang fisik {min}…{max}; pembacaan ditolak. Aturan: rentang fisik.',
      en: '{field} = {value} is outside the physical range {min}…{max}; the reading was refused. Rule: physical range.'
    },
    actions: {
      default: { id: 'Periksa konfigurasi satuan dan kalibrasi sensor.', en: 'Check the sensor unit configuration and calibration.' }
    }
  }
};

/**
 * The `{usual}` clause of the congestion explanation, said only once the hour's usual speed is
 * learnt: without it the text read "usual for this hour - km/h".
 */
/** What the flood rules make of a level step (sensor-step.ts): a step down is corrected, a step up counts as read. */
export const STEP_RULES: Record<'down' | 'up', Text> = {
  down: {
    id: 'Sampai peringatan ini diselesaikan, aturan banjir membaca level {back} cm (datum lama): pembacaan yang terlalu rendah bisa menyembunyikan banjir.',
    en: 'Until this alert is resolved, the flood rules read the level {back} cm (the old datum): a reading too low could hide a flood.'
  },
  up: {
    id: 'Aturan banjir membaca level apa adanya: banjir yang melonjak lalu bertahan terlihat sama, jadi peringatan banjir dari sensor ini bisa palsu sampai diperiksa.',
    en: 'The flood rules read the level as it reads: a flood that jumps and then stands looks the same, so flood alerts from this gauge may be false until it is checked.'
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

/**
 * sensor_step's finding for a jump that then repeats one value exactly (sensor-step-frozen.ts): a logger's error code or
 * a frozen reading, held from the flood rules for a bounded while ({until}), then read as it reads.
 */
export const STEP_FROZEN_TEXTS: { title: Text; explanation: Text; action: Text } = {
  title: { id: 'Pos melonjak ke {value} cm dan mengulangnya persis · {name}', en: 'Gauge jumped to {value} cm and repeats it exactly · {name}' },
  explanation: {
    id: 'Muka air melonjak {step} cm dalam satu pembacaan pukul {at} WITA ke {value} cm, lalu membaca nilai yang persis sama {count} kali berturut-turut, padahal belakangan pos ini tidak pernah mengulang satu nilai lebih dari {calm} kali berturut-turut: diduga logger rusak (kode galat, pembacaan macet). Aturan banjir membaca level seperti sebelum lonjakan paling lama sampai {until} WITA, setelah itu apa adanya: banjir yang melonjak lalu diam terlihat sama, jadi peringatan banjir dari pos ini setelah itu bisa palsu sampai diperiksa. Aturan: loncatan level.',
    en: 'The level jumped {step} cm in one reading at {at} WITA, to {value} cm, and has read exactly that value {count} times in a row, though lately this gauge had not repeated any value more than {calm} times in a row: a logger fault (an error code, a frozen reading) suspected. The flood rules read the level as before the jump until {until} WITA at the latest, and as it reads after that: a flood that jumps and then stands still looks the same, so a flood alert from this gauge after then may be false until it is checked. Rule: level step.'
  },
  action: {
    id: 'Periksa logger (daya, kode galat, tampilannya) dan bandingkan dengan pembacaan manual papan duga; bila air memang setinggi itu, selesaikan peringatan ini.',
    en: 'Check the logger (power, error codes, its display) and compare with a manual staff-gauge reading; if the water really stands there, resolve this alert.'
  }
};

export const CONGESTION_USUAL: Text = { id: 'normal jam ini {normal} km/jam, ', en: 'usual for this hour {normal} km/h, ' };

/**
 * The speed in a congestion alert's title ({speedNote}) and explanation ({speed}). A detector may
 * report flow and occupancy without a speed: the title then names no speed and the explanation says
 * none came, where both read "- km/h".
 */
export const CONGESTION_SPEED: Record<'known' | 'unknown', { note: Text; said: Text }> = {
  known: { note: { id: ' {speed} km/jam', en: ' {speed} km/h' }, said: { id: 'Kecepatan {speed} km/jam', en: 'Speed {speed} km/h' } },
  unknown: { note: { id: '', en: '' }, said: { id: 'Kecepatan tidak dilaporkan', en: 'No speed reported' } }
};

const PLACEHOLDER = /\{(\w+)\}/g;

function fill(template: string, params: TextParams, lang: keyof Text): string {
  return template.replace(PLACEHOLDER, (whole, key: string) => {
    const v = params[key];
    if (v === undefined) return whole;
    if (typeof v === 'object') return v[lang];
    return String(v);
  });
}

export function formatText(t: Text, params: TextParams): Text {
  return { id: fill(t.id, params, 'id'), en: fill(t.en, params, 'en') };
}

export function actionFor(rule: AlertRule, kind: string, level: number): Text {
  const a = TEXTS[rule].actions;
  return a[`${kind}:${level}`] ?? a[kind] ?? a[String(level)] ?? a.default ?? { id: '', en: '' };
}

/** Title, explanation and action of a finding, filled in. */
export function formatFindingTexts(rule: AlertRule, kind: string, level: number, params: TextParams): { title: Text; explanation: Text; action: Text } {
  const t = TEXTS[rule];
  return { title: formatText(t.title, params), explanation: formatText(t.explanation, params), action: actionFor(rule, kind, level) };
}

/** Rounds for display: one decimal below 10, whole numbers above. */
export function formatNumber(value: number): string {
  return Math.abs(value) < 10 ? String(Math.round(value * 10) / 10) : String(Math.round(value));
}

/** formatNumber in each language: a decimal comma in Indonesian ("0,4"), a point in English. */
export function formatNumberText(value: number): Text {
  const en = formatNumber(value);
  return { id: en.replace('.', ','), en };
}

/** Texts of a forecast-based flood warning: the title and explanation its crossing allows (FORECAST_TEXTS), the rule's action. */
export function formatForecastTexts(rule: ForecastRule, variant: ForecastTextVariant, kind: string, level: number, params: TextParams): { title: Text; explanation: Text; action: Text } {
  const t = FORECAST_TEXTS[rule][variant];
  return { title: formatText(t.title, params), explanation: formatText(t.explanation, params), action: actionFor(rule, kind, level) };
}
