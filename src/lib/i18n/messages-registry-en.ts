// English texts of the sensor registry editor (/sensors/registry): spread into messages-en.ts; the same keys as messages-registry-id.ts.
import type { RegistryMessageKey } from './messages-registry-id';

export const registryMessagesEn: Record<RegistryMessageKey, string> = {
  'registry.title': 'Sensor registry',
  'registry.version': 'Version {n}',
  'registry.versionHint': 'Each saved change raises it by one; every command center follows the newest within seconds.',
  'registry.open': 'Edit the registry',
  'registry.unavailable': 'The sensor registry is not available (no database, or it cannot be reached).',
  'registry.status': 'Status',
  'registry.status.active': 'Active',
  'registry.status.maintenance': 'Maintenance',
  'registry.status.decommissioned': 'Decommissioned',
  'registry.thresholds': 'Level 3 / 2 / 1 (cm)',
  'registry.interval': 'Interval (s)',
  'registry.revision': 'Revision',
  'registry.edit': 'Edit',
  'registry.choose': 'Choose a sensor to edit it and see its history.',
  'registry.name': 'Name',
  'registry.lat': 'Latitude',
  'registry.lon': 'Longitude',
  'registry.downstream': 'Downstream gauges (ids, comma separated)',
  'registry.reason': 'Reason (required, kept in the history)',
  'registry.save': 'Save change',
  'registry.decommission': 'Decommission',
  'registry.saved': 'Saved: revision {revision}',
  'registry.refused': 'Refused:',
  'registry.history': 'History',
  'registry.historyBy': '{action} by {actor} ({role})',
  'registry.import': 'Import CSV or GeoJSON',
  'registry.importHint': 'All or nothing: any problem refuses the whole file, listed per row.',
  'registry.importRun': 'Import',
  'registry.imported': '{created} created, {updated} updated'
};
