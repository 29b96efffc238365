/**
 * Figures against the issue's goals ("Alerts emergency staff can trust"): a row per figure, a
 * column per seed, and PASS only when every seed meets the goal. Plus the evidence behind MISSes.
 */
import type { TruthType } from './score';
import type { SeedScore, SlotScore } from './evaluate';

export const GOALS = Object.freeze({ recallPct: 95, falsePerSensorWeek: 1, floodLeadMin: 30, faultEmergencies: 0, glitchEmergencies: 0 });

export interface Row {
  figure: string;
  values: (number | null)[];
  unit: string;
  goal: string;
  /** null: information only, no goal. */
  meets: ((v: number) => boolean) | null;
}

const TYPE_LABEL: Record<TruthType, string> = {
  'level-rise': 'flood', haze: 'haze', incident: 'traffic incident', stuck: 'stuck', spike: 'spike', silent: 'silent', range: 'out of range'
};

function slotsNamed(s: SeedScore, name: string): SlotScore | undefined {
  return s.slots.find((x) => x.name === name);
}

function recallPct(slot: SlotScore | undefined): number | null {
  if (!slot) return null;
  const total = slot.recall.reduce((n, r) => n + r.total, 0);
  return total === 0 ? null : (100 * slot.recall.reduce((n, r) => n + r.found, 0)) / total;
}

export function buildRows(seeds: readonly SeedScore[]): Row[] {
  const rows: Row[] = [];
  const names = seeds[0]?.slots.map((s) => s.name) ?? [];
  for (const name of names) {
    const type = seeds[0].slots.find((s) => s.name === name)?.recall[0]?.type;
    rows.push({ figure: `recall ${name}${type ? ` (${TYPE_LABEL[type]})` : ''}`, values: seeds.map((s) => recallPct(slotsNamed(s, name))), unit: '%', goal: `≥ ${GOALS.recallPct} %`, meets: (v) => v >= GOALS.recallPct });
  }
  for (const name of names) {
    rows.push({
      figure: `precision ${name}`,
      values: seeds.map((s) => { const p = slotsNamed(s, name)?.precision; return p && p.total > 0 ? (100 * p.explained) / p.total : null; }),
      unit: '%', goal: '—', meets: null
    });
  }
  for (const name of names.filter((n) => n.startsWith('flood-rise'))) {
    rows.push({
      figure: `flood lead, worst gauge reaching Siaga 2 (${name})`,
      values: seeds.map((s) => {
        const leads = slotsNamed(s, name)?.leads ?? [];
        if (leads.length === 0) return null;
        return Math.min(...leads.map((l) => l.leadMin ?? -Infinity));
      }),
      unit: 'min', goal: `≥ ${GOALS.floodLeadMin} min`, meets: (v) => v >= GOALS.floodLeadMin
    });
  }
  const perWeek = (s: SeedScore, n: number) => (n * 7) / s.baseline.sensorDays;
  rows.push({ figure: 'false alerts per sensor-week, all (baseline)', values: seeds.map((s) => s.baseline.perSensorWeek), unit: '', goal: `≤ ${GOALS.falsePerSensorWeek}`, meets: (v) => v <= GOALS.falsePerSensorWeek });
  rows.push({ figure: '… emergency', values: seeds.map((s) => perWeek(s, s.baseline.byCategory.emergency)), unit: '', goal: `≤ ${GOALS.falsePerSensorWeek}`, meets: (v) => v <= GOALS.falsePerSensorWeek });
  rows.push({ figure: '… maintenance', values: seeds.map((s) => perWeek(s, s.baseline.byCategory.maintenance)), unit: '', goal: `≤ ${GOALS.falsePerSensorWeek}`, meets: (v) => v <= GOALS.falsePerSensorWeek });
  rows.push({
    figure: 'emergency alerts on faulty sensors (fault-*)',
    values: seeds.map((s) => s.slots.filter((x) => x.name.startsWith('fault-')).reduce((n, x) => n + x.faultEmergencies.length, 0)),
    unit: '', goal: `${GOALS.faultEmergencies}`, meets: (v) => v <= GOALS.faultEmergencies
  });
  if (names.some((n) => n.endsWith('-glitch'))) {
    rows.push({
      figure: 'emergency from a glitch (*-glitch, not in the run without it)',
      values: seeds.map((s) => s.slots.reduce((n, x) => n + x.glitchEmergencies.length, 0)),
      unit: '', goal: `${GOALS.glitchEmergencies}`, meets: (v) => v <= GOALS.glitchEmergencies
    });
  }
  return rows;
}

function formatValue(v: number | null, unit: string): string {
  if (v === null) return 'n/a';
  if (v === -Infinity) return 'none';
  const digits = unit === 'min' || unit === '%' ? 1 : 2;
  return `${v.toFixed(digits)}${unit === '%' ? ' %' : unit === 'min' ? ' min' : ''}`;
}

export function verdict(row: Row): string {
  if (!row.meets) return 'info';
  const known = row.values.filter((v): v is number => v !== null);
  if (known.length === 0) return 'n/a';
  return known.every((v) => row.meets!(v)) ? 'PASS' : 'MISS';
}

export function formatTable(seeds: readonly SeedScore[], rows: readonly Row[]): string {
  const head = `| figure | ${seeds.map((s) => `seed ${s.seed}`).join(' | ')} | goal | result |`;
  const sep = `| --- | ${seeds.map(() => '---').join(' | ')} | --- | --- |`;
  return [head, sep, ...rows.map((r) => `| ${r.figure} | ${r.values.map((v) => formatValue(v, r.unit)).join(' | ')} | ${r.goal} | ${verdict(r)} |`)].join('\n');
}

const minutesAfter = (t: number, start: number) => `${((t - start) / 60_000).toFixed(1)} min`;

/** What lies behind the figures: missed truth, unexplained alerts, lead per gauge, baseline by rule. */
export function formatDetails(seeds: readonly SeedScore[]): string {
  const out: string[] = [];
  for (const s of seeds) {
    out.push(`Seed ${s.seed} (${s.readings} readings decoded, refused ${JSON.stringify(s.refusedByCode)}, ${s.cpuS.toFixed(0)} s CPU):`);
    for (const slot of s.slots) {
      const missed = slot.recall.flatMap((r) => r.missed).map((t) => `${t.sensorId} (${t.expected.rule}, ${minutesAfter(t.start, slot.startMs)}–${minutesAfter(t.end, slot.startMs)})`);
      const unexplained = new Map<string, number>();
      for (const a of slot.precision.unexplained) unexplained.set(`${a.rule}/${a.category}`, (unexplained.get(`${a.rule}/${a.category}`) ?? 0) + 1);
      const parts = [`- ${slot.name}:`];
      if (missed.length) parts.push(`missed ${missed.join('; ')}.`);
      if (unexplained.size) parts.push(`unexplained ${[...unexplained].map(([k, n]) => `${n}× ${k}`).join(', ')}.`);
      if (slot.faultEmergencies.length) parts.push(`emergency on the faulty sensor: ${slot.faultEmergencies.map((a) => `${a.sensorId} ${a.rule} level ${a.level} at ${minutesAfter(a.raisedAt, slot.startMs)}`).join('; ')}.`);
      if (slot.glitchEmergencies.length) parts.push(`emergency from a glitch: ${slot.glitchEmergencies.map((a) => `${a.sensorId} ${a.rule} level ${a.level} at ${minutesAfter(a.raisedAt, slot.startMs)}`).join('; ')}.`);
      if (slot.leads.length) parts.push(`lead to Siaga 2: ${slot.leads.map((l) => `${l.sensorId} ${l.leadMin === null ? 'no alert' : `${l.leadMin.toFixed(1)} min (${l.firstRule})`}`).join(', ')}.`);
      if (parts.length === 1) parts.push('all found, nothing unexplained.');
      out.push(parts.join(' '));
    }
    const b = s.baseline;
    out.push(`- baseline: ${b.total} alerts over ${b.sensorDays} sensor-days: ${b.byRule.map(([k, n]) => `${n}× ${k}`).join(', ') || 'none'}.`);
  }
  return out.join('\n');
}
