import type { AlertEvent, AlertEventType, AlertSeverity, AlertCategory } from '../../src/lib/core/alert';

/** A complete AlertEvent for tests, flood Siaga 2 by default. */
export function makeAlertEvent(over: { type?: AlertEventType; severity?: AlertSeverity; category?: AlertCategory; at?: number; id?: string } = {}): AlertEvent {
  const at = over.at ?? 1_764_000_000_000;
  const type = over.type ?? 'raised';
  return {
    type,
    at,
    by: 'ingest',
    alert: {
      id: over.id ?? `flood-gunung-lingai:flood_level:${at}`,
      sensorId: 'flood-gunung-lingai',
      sensorName: 'Pos TMA Gunung Lingai',
      kind: 'flood',
      district: 'Sungai Pinang',
      rule: 'flood_level',
      category: over.category ?? 'emergency',
      severity: over.severity ?? 'warning',
      level: 2,
      title: { id: 'Siaga 2 · Gunung Lingai 245 cm', en: 'Alert level 2 · Gunung Lingai 245 cm' },
      explanation: { id: 'Tinggi muka air 245 cm melewati Siaga 2 (240 cm).', en: 'Water level 245 cm passed level 2 (240 cm).' },
      action: { id: 'Siapkan evakuasi warga bantaran.', en: 'Prepare to evacuate riverside residents.' },
      value: 245,
      state: type === 'resolved' ? 'resolved' : 'raised',
      raisedAt: at,
      updatedAt: at,
      ...(type === 'resolved' ? { resolvedAt: at, resolvedBy: 'ingest' } : {}),
      comments: []
    }
  };
}
