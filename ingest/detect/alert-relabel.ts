/**
 * An open alert after the registry renamed its sensor or moved it to another district: emergency
 * staff act on the name they see, so the alert takes the new one at once instead of keeping the
 * old until it resolves. The rule's texts carry the name too ("Siaga 2 · Pos TMA Gunung Lingai
 * 215 cm"); it is replaced there as written, and the next change of level writes them anew.
 */
import type { Alert, AlertEvent, Text } from '../../src/lib/core/alert';
import type { Sensor } from '../../src/lib/core/sensor';
import type { Entry } from './alert-entry';

/** Whether the alert shows another name or district than the sensor now has. */
export function needsRelabel(alert: Alert, sensor: Pick<Sensor, 'name' | 'district'>): boolean {
  return alert.sensorName !== sensor.name || alert.district !== sensor.district;
}

/**
 * `from` replaced by `to` wherever it stands as itself: not where it is part of a longer name of
 * another sensor the text also mentions ("Pos Karang Mumus" inside "Pos Karang Mumus Hulu", the
 * upstream gauge of an upstream warning).
 */
export function replaceName(text: string, from: string, to: string, longer: readonly string[]): string {
  let [out, at] = ['', 0];
  for (let i = text.indexOf(from); i >= 0; i = text.indexOf(from, i + 1)) {
    if (i < at || longer.some((n) => i >= n.indexOf(from) && text.startsWith(n, i - n.indexOf(from)))) continue;
    [out, at] = [out + text.slice(at, i) + to, i + from.length];
  }
  return out + text.slice(at);
}

/** The text with the name replaced; the same object when it does not hold the name. */
function renamed(t: Text, from: string, to: string, longer: readonly string[]): Text {
  if (from === '' || from === to) return t;
  const [id, en] = [replaceName(t.id, from, to, longer), replaceName(t.en, from, to, longer)];
  return id === t.id && en === t.en ? t : { ...t, id, en };
}

type AlertTexts = Pick<Alert, 'title' | 'explanation' | 'action'>;

/** The alert's three texts with `from` renamed `to`, the same objects where it does not stand. */
function renamedTexts(alert: Alert, from: string, to: string, others: readonly string[]): AlertTexts {
  const longer = others.filter((n) => n.length > from.length && n.includes(from));
  return { title: renamed(alert.title, from, to, longer), explanation: renamed(alert.explanation, from, to, longer), action: renamed(alert.action, from, to, longer) };
}

/**
 * The alert with the sensor's new name and district, dated `at` (later than its last change, so it
 * wins every merge). `others`: the other sensors' names, so a longer one holding the old name is left as written.
 */
export function relabeledAlert(alert: Alert, sensor: Pick<Sensor, 'name' | 'district'>, at: number, others: readonly string[] = []): Alert {
  const texts = renamedTexts(alert, alert.sensorName, sensor.name, others);
  return { ...alert, ...texts, sensorName: sensor.name, district: sensor.district, updatedAt: Math.max(at, alert.updatedAt + 1) };
}

/**
 * Another sensor's open alert that names the renamed one in its texts (a downstream gauge's
 * upstream warning names its upstream gauge), with the new name; null when it does not name it.
 * Its own sensor's name and district stay.
 */
export function mentionRenamed(alert: Alert, from: string, to: string, at: number, others: readonly string[]): Alert | null {
  const texts = renamedTexts(alert, from, to, others);
  if (texts.title === alert.title && texts.explanation === alert.explanation && texts.action === alert.action) return null;
  return { ...alert, ...texts, updatedAt: Math.max(at, alert.updatedAt + 1) };
}

/**
 * The policy's side of a registry version that changed `sensor`: its entries (`own`) hold the new record (it also names
 * later raises and times them by the catalog's interval), their open alerts take its name and district, and the other
 * open alerts (`open`) that name it by `oldName` take the new one. The `updated` events, stamped by `by`.
 */
export function relabelEntries(own: Iterable<Entry>, open: Iterable<Entry>, sensors: ReadonlyMap<string, Sensor>, change: { sensor: Sensor; at: number; oldName?: string; by: string }): AlertEvent[] {
  const { sensor, at, oldName, by } = change;
  const out: AlertEvent[] = [];
  let names: string[] | null = null;
  const others = () => (names ??= [...sensors.values()].filter((s) => s.id !== sensor.id).map((s) => s.name));
  for (const e of own) {
    e.sensor = sensor;
    if (!e.alert || !needsRelabel(e.alert, sensor)) continue;
    e.alert = relabeledAlert(e.alert, sensor, at, others());
    out.push({ type: 'updated', at: e.alert.updatedAt, by, alert: e.alert });
  }
  if (oldName === undefined || oldName === sensor.name) return out;
  for (const e of open) {
    const next = e.alert && e.sensor.id !== sensor.id ? mentionRenamed(e.alert, oldName, sensor.name, at, others()) : null;
    if (next) out.push({ type: 'updated', at: next.updatedAt, by, alert: (e.alert = next) });
  }
  return out;
}
