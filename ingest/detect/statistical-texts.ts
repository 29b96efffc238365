/**
 * The `statistical` rule's explanations (Indonesian and English): what was unusual against what is
 * normal for the hour and how rare it is, or, for the pattern channel, that the recent shape is
 * unlike any learnt. Title and action come from the shared text table (texts.ts).
 */
import type { Text } from '../../src/lib/core/alert';
import { formatNumberText } from './texts';

const WEEK_MS = 7 * 86_400_000;
const DAY_MS = 86_400_000;

/** "About once in N weeks" from a surprise in nats: e^surprise readings, each `intervalMs` apart. */
export function rarityText(surprise: number, intervalMs: number): Text {
  const every = Math.exp(Math.min(surprise, 50)) * Math.max(intervalMs, 1000);
  if (every >= 52 * WEEK_MS) return { id: 'lebih jarang dari sekali setahun', en: 'rarer than once a year' };
  if (every >= 2 * WEEK_MS) {
    const n = Math.round(every / WEEK_MS);
    return { id: `kira-kira sekali dalam ${n} minggu`, en: `about once in ${n} weeks` };
  }
  if (every >= 2 * DAY_MS) {
    const n = Math.round(every / DAY_MS);
    return { id: `kira-kira sekali dalam ${n} hari`, en: `about once in ${n} days` };
  }
  return { id: 'beberapa kali seminggu', en: 'several times a week' };
}

export interface Explained {
  field: string;
  unit: string;
  value: number;
  normal: number;
  spread: number;
  rarity: Text;
  /**
   * What was unusual, when not the value itself: a step from the reading before (`minutes` apart), or a recent level away from the usual one. Said only when the value
   * lies inside the hour's usual range: there the range alone read as a contradiction to staff
   * ("usual 37–52, value 42, once in 10 weeks").
   */
  cause?: { kind: 'step'; change: number; typical: number; minutes: number } | { kind: 'shift'; recent: number; usual: number };
}

/** A number in each language's decimal mark ("0,4" in Indonesian), with its unit when one is given. */
function measure(value: number, unit = ''): Text {
  const n = formatNumberText(value);
  return unit ? { id: `${n.id} ${unit}`, en: `${n.en} ${unit}` } : n;
}

/** Why the statistical model spoke, in the terms of what was unusual: the value, a step or a shift. */
export function explain(e: Explained): Text {
  const v = measure(e.value, e.unit);
  const rare = { id: `${e.rarity.id} bagi sensor ini (model statistik).`, en: `${e.rarity.en} at this sensor (statistical model).` };
  // ±2.5 mean absolute deviations: about 95 % of ordinary readings for this hour
  const [low, high] = [e.normal - 2.5 * e.spread, e.normal + 2.5 * e.spread];
  // Outside that range the range says why; inside it, only the step or the shift can.
  const c = e.value < low || e.value > high ? undefined : e.cause;
  if (c?.kind === 'step') {
    const by = measure(Math.abs(c.change), e.unit);
    const typical = measure(c.typical, e.unit);
    const span = formatSpan(c.minutes * 60_000);
    return {
      id: `${e.field} ${v.id}: ${c.change >= 0 ? 'naik' : 'turun'} ${by.id} sejak pembacaan sebelumnya (${span.id}), padahal biasanya berubah sekitar ${typical.id}. Perubahan seperti ini ${rare.id}`,
      en: `${e.field} ${v.en}: ${c.change >= 0 ? 'up' : 'down'} ${by.en} since the reading before (${span.en}), where it usually moves about ${typical.en}. A change like this comes ${rare.en}`
    };
  }
  if (c?.kind === 'shift') {
    const [recent, usual] = [measure(c.recent), measure(c.usual, e.unit)];
    return {
      id: `${e.field} ${v.id}: belakangan sekitar ${recent.id}, padahal biasanya sekitar ${usual.id}. Pergeseran seperti ini ${rare.id}`,
      en: `${e.field} ${v.en}: lately about ${recent.en} against its usual ${usual.en}. A shift like this comes ${rare.en}`
    };
  }
  const [lo, hi] = [measure(low), measure(high, e.unit)];
  return {
    id: `${e.field} ${v.id}; biasanya pada jam ini ${lo.id}–${hi.id}. Nilai seperti ini ${rare.id}`,
    en: `${e.field} ${v.en}; usual for this hour ${lo.en}–${hi.en}. A value like this comes ${rare.en}`
  };
}

function formatSpan(ms: number): Text {
  const min = Math.round(ms / 60_000);
  if (min < 120) return { id: `${min} menit`, en: `${min} min` };
  const h = Math.round(min / 60);
  return { id: `${h} jam`, en: `${h} h` };
}

/** Why the pattern channel spoke: the recent shape of the series is unlike any it learnt. */
export function explainPattern(field: string, unit: string, value: number, spanMs: number): Text {
  const v = measure(value, unit);
  const span = formatSpan(spanMs);
  return {
    id: `${field} ${v.id}; bentuk ${span.id} terakhir tidak mirip pola mana pun yang sudah dipelajari dari sensor ini (model pola).`,
    en: `${field} ${v.en}; the shape of the last ${span.en} is unlike any pattern learnt from this sensor (pattern model).`
  };
}
