/**
 * An emergency alert held while its sensor's readings are distrusted. A gauge that drops out to 0 (or to a -999 sentinel
 * the ingest refuses, or goes silent) during a flood reads below its Siaga line, or reads nothing: flood_level then
 * lowered its alert and the policy closed it, an all-clear from readings Pantau itself called faulty. While a fault rule
 * that distrusts readings (RuleDetector.distrustsReadings) holds, or the sensor's last reading was refused as out of
 * range, the alerts of the policy's faultHoldRules stay as they are: no reading raises, lowers or closes them, and no quiet
 * period runs out (the policy's clock resolves nothing from readings it cannot trust, however long the fault lasts; a
 * person may resolve the alert). The alert says so in its explanation, from when, so that staff check the water by other
 * means. The first trusted reading releases it: the note goes, and its quiet period starts again from that reading.
 */
import type { Alert, AlertEvent, AlertRule, Text } from '../../src/lib/core/alert';
import { witaClock, witaDate } from '../../src/lib/core/wita';
import { clearPending, later, NONE, type Entry } from './alert-entry';
import { checkedAgain, isUnchecked, uncheckedTexts } from './alert-unchecked';

/** Since when and by which fault rule a sensor's readings are distrusted (null: not known, carried over a restart). */
export interface Distrust {
  since: number;
  rule: AlertRule | null;
}

/** What the fault rule says of the sensor's readings, for the note. */
const WHY: Partial<Record<AlertRule, Text>> = {
  sensor_stuck: { id: 'mengirim nilai macet atau putus ke 0', en: 'has sent a frozen value or a dropout to 0' },
  sensor_range: { id: 'mengirim nilai di luar rentang fisik', en: 'has sent values outside the physical range' },
  sensor_silent: { id: 'tidak mengirim pembacaan', en: 'has sent no readings' }
};
const SUSPECT: Text = { id: 'mengirim pembacaan yang diragukan', en: 'has sent suspect readings' };

/** How the note begins: a held alert's explanation is its own up to the last of these (also after a restart). */
export const HOLD_MARK: Text = { id: ' Ditahan: ', en: ' Held: ' };

/** What distrust `d` says of the sensor's readings ("has sent no readings"). */
export function faultWhy(d: Distrust): Text {
  return (d.rule && WHY[d.rule]) ?? SUSPECT;
}

/**
 * The note a held alert's explanation ends with. Its start says its WITA day: a hold lasts as long as the fault, days
 * perhaps, and a bare 08:02 read on the third day named no day. (Notes are found by HOLD_MARK alone, so a note stored
 * before the day was given is still removed on release.)
 */
export function holdNote(name: string, d: Distrust): Text {
  const why = faultWhy(d);
  const at = (lang: 'id' | 'en') => `${witaDate(d.since, lang)} ${witaClock(d.since)}`;
  return {
    id: `${HOLD_MARK.id}${name} ${why.id} sejak ${at('id')} WITA; Pantau tidak menurunkan atau menutup peringatan ini berdasarkan pembacaan tersebut. Periksa muka air dengan cara lain (papan duga, laporan petugas).`,
    en: `${HOLD_MARK.en}${name} ${why.en} since ${at('en')} WITA; Pantau does not lower or close this alert on those readings. Check the water by other means (staff gauge, field report).`
  };
}

/** `text` without a hold note (the text itself when it has none). */
function withoutNote(text: string, mark: string): string {
  const at = text.lastIndexOf(mark);
  return at < 0 ? text : text.slice(0, at);
}

/** The hold note `text` ends with ('' when none). */
function noteOf(text: string, mark: string): string {
  const at = text.lastIndexOf(mark);
  return at < 0 ? '' : text.slice(at);
}

/**
 * A new explanation for alert `a` (an escalation's, in the wording of its last finding): with `a`'s hold note kept while
 * it is held. The escalation page reached the backup without it, and the alert kept no note for the rest of its hold.
 */
export function withHoldNote(a: Alert, explanation: Text): Text {
  if (a.heldSince === undefined) return explanation;
  return { id: explanation.id + noteOf(a.explanation.id, HOLD_MARK.id), en: explanation.en + noteOf(a.explanation.en, HOLD_MARK.en) };
}

/**
 * Entry e while its sensor's readings are distrusted by `d`: a pending finding is dropped (the evidence broke off), and
 * its open alert held, with the note, once. The event that says so, or none.
 */
export function holdEntry(e: Entry, d: Distrust, at: number, by: string): AlertEvent[] {
  clearPending(e);
  const a = e.alert;
  if (!a || a.heldSince !== undefined) return NONE;
  const note = holdNote(a.sensorName, d);
  const explanation = { id: a.explanation.id + note.id, en: a.explanation.en + note.en };
  e.alert = { ...a, heldSince: d.since, explanation, updatedAt: later(a, at) };
  return [{ type: 'updated', at: e.alert.updatedAt, by, alert: e.alert }];
}

/**
 * Entry e's held forecast warning once its hold has lasted `afterMs` (the forecast it stood on has run out): told once
 * more as unchecked, not closed (alert-unchecked.ts says why). Distrust `d` names the fault. The event, or none.
 */
export function markUnchecked(e: Entry, d: Distrust, at: number, afterMs: number, by: string): AlertEvent[] {
  const a = e.alert;
  if (!a || a.heldSince === undefined || isUnchecked(a) || at - a.heldSince < afterMs) return NONE;
  const said = { id: withoutNote(a.explanation.id, HOLD_MARK.id), en: withoutNote(a.explanation.en, HOLD_MARK.en) };
  e.alert = { ...a, ...uncheckedTexts(a, faultWhy(d), a.heldSince, said), updatedAt: later(a, at) };
  return [{ type: 'updated', at: e.alert.updatedAt, by, alert: e.alert }];
}

/**
 * Entry e's held alert (also one restored as held) once its readings count again: the note goes (a forecast warning told
 * unchecked says its last finding again), and its quiet period starts from `at`. The event that says so, or none when it
 * is not held.
 */
export function releaseEntry(e: Entry | undefined, at: number, by: string): AlertEvent[] {
  const a = e?.alert;
  if (!e || !a || a.heldSince === undefined) return NONE;
  const { heldSince: _h, uncheckedSince: _u, ...rest } = a; // readings count again: neither held nor unchecked
  const explanation = { id: withoutNote(a.explanation.id, HOLD_MARK.id), en: withoutNote(a.explanation.en, HOLD_MARK.en) };
  e.alert = { ...rest, explanation, ...(isUnchecked(a) ? checkedAgain(e, a, at) : {}), updatedAt: later(a, at) };
  e.lastActiveAt = Math.max(e.lastActiveAt, at);
  return [{ type: 'updated', at: e.alert.updatedAt, by, alert: e.alert }];
}
