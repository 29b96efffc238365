/**
 * Audit log actions (the `action` code an entry is stored with) as short words for the /audit page; the code itself
 * stays beside them there, since engineers search logs by it. A code not listed here is shown as the code.
 */
export const actionMessagesId = {
  'action.login': 'masuk',
  'action.logout': 'keluar',
  'action.alert:acknowledge': 'konfirmasi peringatan',
  'action.alert:assign': 'tugaskan peringatan',
  'action.alert:comment': 'komentar peringatan',
  'action.alert:resolve': 'selesaikan peringatan',
  'action.alert:step': 'langkah prosedur',
  'action.alert:unknown': 'aksi peringatan tak dikenal',
  'action.ack-link:viewed': 'tautan konfirmasi dibuka',
  'action.ack-link:accepted': 'konfirmasi lewat tautan',
  'action.ack-link:refused': 'tautan konfirmasi ditolak',
  'action.delivery:sent': 'pesan terkirim',
  'action.delivery:failed': 'pesan gagal',
  'action.delivery:fallback': 'pesan lewat kanal cadangan',
  'action.delivery:held': 'pesan ditahan',
  'action.delivery:given_up': 'pengiriman dihentikan',
  'action.delivery:quiet': 'jam tenang',
  'action.delivery:unknown': 'status pesan tak diketahui',
  'action.delivery:uncovered': 'tanpa tim piket',
  'action.registry:create': 'sensor ditambah',
  'action.registry:edit': 'sensor diubah',
  'action.registry:decommission': 'sensor dipensiunkan',
  'action.registry:import': 'impor sensor',
  'action.registry:move': 'sensor dipindah',
  'action.people:create': 'orang ditambah',
  'action.people:edit': 'orang diubah',
  'action.people:delete': 'orang dihapus',
  'action.people:channel-add': 'kanal ditambah',
  'action.people:channel-edit': 'kanal diubah',
  'action.people:channel-remove': 'kanal dihapus',
  'action.people:channel-test': 'pesan uji kanal',
  'action.people:channel-test-result': 'hasil pesan uji',
  'action.people:channel-disabled': 'kanal dimatikan',
  'action.people:self-test': 'uji notifikasi sendiri',
  'action.people:team-create': 'tim dibuat',
  'action.people:team-edit': 'tim diubah',
  'action.people:team-delete': 'tim dihapus',
  'action.people:shift-add': 'jadwal piket ditambah',
  'action.people:shift-remove': 'jadwal piket dihapus',
  'action.push:subscribe': 'notifikasi diaktifkan',
  'action.push:unsubscribe': 'notifikasi dimatikan'
} as const;

export type ActionMessageKey = keyof typeof actionMessagesId;
