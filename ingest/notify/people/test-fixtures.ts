import type { Alert, AlertEvent } from '../../../src/lib/core/alert';
import type { Directory, Person, PersonChannel } from '../../../src/lib/core/people';

/** Small directories and alerts for the people dispatcher's unit tests. */
export function person(id: string, extra: Partial<Person> = {}): Person {
  return { id, name: id.toUpperCase(), language: 'id', active: true, channels: [], subscriptions: [], ...extra };
}

export function channel(id: number, kind: PersonChannel['kind'], rank: number, address: PersonChannel['address'] = `${kind}-${id}`): PersonChannel {
  return { id, kind, address, rank, enabled: true };
}

export function alert(extra: Partial<Alert> = {}): Alert {
  return {
    id: 'gl-01:flood_level:1000', sensorId: 'gl-01', sensorName: 'Gunung Lingai', kind: 'flood', district: 'Sungai Pinang',
    rule: 'flood_level', category: 'emergency', severity: 'critical', level: 2,
    title: { id: 'Siaga 2 · Gunung Lingai', en: 'Alert level 2 · Gunung Lingai' },
    explanation: { id: 'naik', en: 'rising' }, action: { id: 'siaga', en: 'stand by' },
    value: 215, state: 'raised', raisedAt: 1_000, updatedAt: 1_000, comments: [], ...extra
  };
}

export function event(type: AlertEvent['type'], a: Alert = alert(), at = 1_000): AlertEvent {
  return { type, at, by: 'ingest', alert: a };
}

export function directory(people: Person[], extra: Partial<Directory> = {}): Directory {
  return { version: 1, people, teams: [], shifts: [], ...extra };
}
