/**
 * A forecast warning whose gauge has been faulty for longer than its forecast could see: told as unchecked, not closed.
 *
 * A forecast warning (rate_of_rise, upstream_warning) is held while its gauge's readings are distrusted (alert-hold.ts):
 * a dropout or silence must not clear a real warning. But the forecast it stands on was made from the readings before
 * the fault, and it looked at most FORECAST_HORIZONS_MIN (2 h) ahead: past that, its title ("expected at Level 2 ≈ 14:56
 * WITA, not reached yet") stated a time long gone, for days, as if the warning were current. Once the hold has lasted
 * that long (and at least uncheckedAfterIntervals of the gauge's intervals, 3), the alert is told once more, silently (`updated`: no page,
 * the acknowledgement stands), as what it is now: a forecast Pantau can neither confirm nor clear, since when, why, and
 * what the last forecast said.
 *
 * Why not close it (resolved, with the reason): a closed emergency alert is an all-clear everywhere it goes. The CAP feed
 * publishes it as responseType AllClear, "Conditions are back to normal"; the public page and the wall drop it; the
 * message reads "Resolved". On no information at all, that is the false all-clear the hold exists to prevent, and a flood
 * warning system does not withdraw a warning because it has lost its eyes (no news is not good news). So the warning stays
 * open, in a state that says plainly it is unchecked and asks a person to check the water by other means and resolve it;
 * the gauge's fault has its own maintenance alert for the technicians (the fault rule's, or sensor_range's for refused
 * readings: engine-distrust.test.ts). The first trusted reading releases it as any held alert (its texts then are its
 * last finding's again, or after a restart what the last forecast said under a title that the gauge reads again:
 * checkedAgain; and its quiet period starts afresh).
 */
import type { Alert, Finding, Text } from '../../src/lib/core/alert';
import { FORECAST_REACH_MS, UNCHECKED_MARK } from '../../src/lib/core/alert-unchecked';
import { witaClock, witaDate } from '../../src/lib/core/wita';
import type { Entry } from './alert-entry';

// the state is the alert's `uncheckedSince` (core/alert-unchecked.ts), read alike by the ingest after a restart and the screens
export { FORECAST_REACH_MS, isUnchecked } from '../../src/lib/core/alert-unchecked';
/** Before what the last forecast said, in the unchecked explanation. */
const LAST_SAID: Text = { id: ' Prakiraan terakhir: ', en: ' The last forecast said: ' };

/**
 * The texts and state of held forecast warning `a` once its forecast ran out: the gauge `why` (the fault rule's words) since
 * `since`, the forecast made before it reaching at most to `since` + FORECAST_REACH_MS, and `said` (its explanation
 * before, without the hold note).
 */
export function uncheckedTexts(a: Alert, why: Text, since: number, said: Text): { title: Text; explanation: Text; uncheckedSince: number } {
  // with their day: the texts stand for as long as the fault lasts, days perhaps
  const when = (ms: number, lang: 'id' | 'en') => `${witaDate(ms, lang)} ${witaClock(ms)}`;
  const [name, end] = [a.sensorName, since + FORECAST_REACH_MS];
  return {
    uncheckedSince: end,
    title: {
      id: `${name}: prakiraan tidak dapat diperiksa lagi, gangguan pos sejak ${when(since, 'id')} WITA`,
      en: `${name}: forecast can no longer be checked, gauge fault since ${when(since, 'en')} WITA`
    },
    explanation: {
      id: `${UNCHECKED_MARK.id}${name} ${why.id} sejak ${when(since, 'id')} WITA, dan prakiraan terakhir dari pembacaan yang dipercaya hanya menjangkau sampai ${when(end, 'id')} WITA: Pantau tidak dapat memastikan atau mencabut peringatan ini. Peringatan tetap terbuka sampai pos membaca lagi atau petugas menutupnya setelah memeriksa muka air dengan cara lain (papan duga, laporan petugas); gangguan pos tercatat sebagai peringatan perawatan untuk teknisi.${LAST_SAID.id}${said.id}`,
      en: `${UNCHECKED_MARK.en}${name} ${why.en} since ${when(since, 'en')} WITA, and the last forecast made from its trusted readings reached only to ${when(end, 'en')} WITA: Pantau can neither confirm nor clear this warning. It stays open until the gauge reads again or a person resolves it after checking the water by other means (staff gauge, field report); the gauge's fault is a maintenance alert for the technicians.${LAST_SAID.en}${said.en}`
    }
  };
}

/** A finding's texts at `now`: in its wording for a time passed (Finding.late) once its expected time has passed. */
function textsAt(f: Finding, now: number): { title: Text; explanation: Text } {
  const t = f.expectedAt !== undefined && f.expectedAt <= now ? (f.late ?? f) : f;
  return { title: t.title, explanation: t.explanation };
}

/**
 * The texts unchecked alert `a` of entry e takes once its readings count again at `at`: its last finding's (as told
 * now), else (an alert restored after a restart, no finding seen here) what the last forecast said under a title that
 * says the gauge reads again (the unchecked title claimed a fault that is over, up to an all-clear that carried it), until
 * the next finding tells the forecast (told reset: alert-refresh.ts).
 */
export function checkedAgain(e: Entry, a: Alert, at: number): { title: Text; explanation: Text } {
  const f = e.lastFinding;
  if (f?.active) {
    e.told = { expectedAt: f.expectedAt, at };
    return textsAt(f, at);
  }
  e.told = { expectedAt: undefined, at: -Infinity };
  const said = (text: string, mark: string) => (text.includes(mark) ? text.slice(text.indexOf(mark) + mark.length) : text);
  const [name, since] = [a.sensorName, witaClock(at)];
  const title = {
    id: `${name}: pos membaca lagi sejak ${since} WITA; prakiraan sebelum gangguan tidak terkonfirmasi`,
    en: `${name}: gauge reading again since ${since} WITA; the forecast from before its fault was not confirmed`
  };
  return { title, explanation: { id: said(a.explanation.id, LAST_SAID.id), en: said(a.explanation.en, LAST_SAID.en) } };
}
