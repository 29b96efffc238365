/**
 * An open alert after the registry renamed its sensor or moved it to another district: emergency
 * staff act on the name they see, so the alert takes the new one at once instead of keeping the
 * old until it resolves. The rule's texts carry the name too ("Siaga 2 · Pos TMA Gunung Lingai
 * 215 cm"); it is replaced there as written, and the next change of level writes them anew.
 */
import type { Alert, Text } from '../../src/lib/core/alert';
import type { Sensor } from '../../src/lib/core/sensor';

/** Whether the alert shows another name or district than the sensor now has. */
export function needsRelabel(alert: Alert, sensor: Pick<Sensor, 'name' | 'district'>): boolean {
  return alert.sensorName !== sensor.name || alert.district !== sensor.district;
}

function renamed(t: Text, from: string, to: string): Text {
  return from === '' || from === to ? t : { ...t, id: t.id.replaceAll(from, to), en: t.en.replaceAll(from, to) };
}

/** The alert with the sensor's new name and district, dated `at` (later than its last change, so it wins every merge). */
export function relabeledAlert(alert: Alert, sensor: Pick<Sensor, 'name' | 'district'>, at: number): Alert {
  const [from, to] = [alert.sensorName, sensor.name];
  return {
    ...alert,
    sensorName: to,
    district: sensor.district,
    title: renamed(alert.title, from, to),
    explanation: renamed(alert.explanation, from, to),
    action: renamed(alert.action, from, to),
    updatedAt: Math.max(at, alert.updatedAt + 1)
  };
}
