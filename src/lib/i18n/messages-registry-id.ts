// Indonesian texts of the sensor registry editor (/sensors/registry): spread into messages-id.ts; kept apart so each page's texts stay together (the English file must have exactly these keys).
export const registryMessagesId = {
  'registry.title': 'Registri sensor',
  'registry.version': 'Versi {n}',
  'registry.versionHint': 'Tiap perubahan yang disimpan menaikkannya satu; setiap pusat komando mengikuti yang terbaru dalam beberapa detik.',
  'registry.open': 'Sunting registri',
  'registry.unavailable': 'Registri sensor tidak tersedia (tanpa basis data, atau tidak terjangkau).',
  'registry.status': 'Status',
  'registry.status.active': 'Aktif',
  'registry.status.maintenance': 'Perawatan',
  'registry.status.decommissioned': 'Dinonaktifkan',
  'registry.thresholds': 'Siaga 3 / 2 / 1 (cm)',
  'registry.interval': 'Interval (dtk)',
  'registry.revision': 'Revisi',
  'registry.edit': 'Sunting',
  'registry.choose': 'Pilih sensor untuk menyunting dan melihat riwayatnya.',
  'registry.name': 'Nama',
  'registry.lat': 'Lintang',
  'registry.lon': 'Bujur',
  'registry.downstream': 'Pos hilir (id, dipisah koma)',
  'registry.reason': 'Alasan (wajib, disimpan dalam riwayat)',
  'registry.save': 'Simpan perubahan',
  'registry.decommission': 'Nonaktifkan',
  'registry.saved': 'Tersimpan: revisi {revision}',
  'registry.refused': 'Ditolak:',
  'registry.history': 'Riwayat',
  'registry.historyBy': '{action} oleh {actor} ({role})',
  'registry.import': 'Impor CSV atau GeoJSON',
  'registry.importHint': 'Semua atau tidak sama sekali: satu masalah menolak seluruh berkas, dirinci per baris.',
  'registry.importRun': 'Impor',
  'registry.imported': '{created} dibuat, {updated} diperbarui'
} as const;

export type RegistryMessageKey = keyof typeof registryMessagesId;
