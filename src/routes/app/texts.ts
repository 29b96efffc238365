/**
 * The responder app's own texts, both languages side by side (read with `i18n.pick`, filled with
 * `fill`). They live beside the route, not in the shared dictionaries: only this page says them.
 */
type Text = { id: string; en: string };

export const TEXTS = {
  title: { id: 'Pantau Responder', en: 'Pantau Responder' },
  myAlerts: { id: 'Peringatan terbuka', en: 'Open alerts' },
  none: { id: 'Tidak ada peringatan terbuka.', en: 'No open alerts.' },
  mine: { id: 'Ditugaskan ke saya', en: 'Assigned to me' },
  team: { id: 'Tim saya', en: 'My team' },
  offline: { id: 'Offline — tidak ada sambungan ke server', en: 'Offline — no connection to the server' },
  offlineSince: { id: 'Peringatan terakhir yang diketahui, per {time}. Tindakan dikirim lagi setelah tersambung.', en: 'Last known alerts, as of {time}. Actions work again once connected.' },
  offlineNothing: { id: 'Belum ada peringatan tersimpan di ponsel ini.', en: 'No alerts kept on this phone yet.' },
  connecting: { id: 'Menyambung…', en: 'Connecting…' },
  notifyOn: { id: 'Aktifkan notifikasi', en: 'Turn on notifications' },
  notifyOff: { id: 'Matikan notifikasi', en: 'Turn off notifications' },
  notifyActive: { id: 'Notifikasi aktif di perangkat ini.', en: 'Notifications are on for this device.' },
  notifyDenied: { id: 'Notifikasi diblokir di peramban. Izinkan di pengaturan situs.', en: 'Notifications are blocked in the browser. Allow them in the site settings.' },
  notifyUnsupported: { id: 'Peramban ini tidak mendukung notifikasi push (perlu https).', en: 'This browser cannot receive push notifications (https is needed).' },
  notifyServerOff: { id: 'Server belum dikonfigurasi untuk Web Push.', en: 'The server is not configured for Web Push.' },
  notifyNoPerson: {
    id: 'Login “{user}” belum terdaftar sebagai petugas. Minta admin menambahkan Anda di direktori petugas.',
    en: 'The login “{user}” is not a person in the directory yet. Ask an administrator to add you.'
  },
  notifyFailed: { id: 'Gagal: {error}', en: 'Failed: {error}' },
  directoryDown: { id: 'Direktori petugas tidak dapat dihubungi.', en: 'The people directory cannot be reached.' },
  login: { id: 'Masuk untuk melihat peringatan Anda', en: 'Log in to see your alerts' },
  commentPlaceholder: { id: 'Tulis komentar…', en: 'Write a comment…' },
  send: { id: 'Kirim', en: 'Send' },
  cancel: { id: 'Batal', en: 'Cancel' },
  console: { id: 'Konsol lengkap', en: 'Full console' },
  teams: { id: 'Tim: {teams}', en: 'Teams: {teams}' },
  selfTest: { id: 'Kirim notifikasi uji', en: 'Send me a test notification' },
  selfTestHint: { id: 'Satu pesan uji lewat setiap saluran Anda, untuk memastikan peringatan sampai.', en: 'One test message through each of your channels, to be sure alerts reach you.' },
  selfTestWaiting: { id: 'menunggu…', en: 'waiting…' },
  selfTestSent: { id: 'Terkirim ✓', en: 'Sent ✓' },
  selfTestNone: { id: 'Anda belum punya saluran. Aktifkan notifikasi di atas atau minta admin menambahkan email Anda.', en: 'You have no channels yet. Turn on notifications above or ask an administrator to add your email.' },
  selfTestFailed: { id: 'Uji gagal: {error}', en: 'The test failed: {error}' },
  problemOff: { id: 'Saluran ini dimatikan; minta admin menyalakannya.', en: 'This channel is turned off; ask an administrator to turn it on.' },
  problemRate: { id: 'Terlalu sering diuji; coba lagi sebentar lagi.', en: 'Tested too often; try again in a little while.' },
  problemUnreachable: { id: 'Server pesan tidak dapat dihubungi; tidak ada yang dikirim.', en: 'The message server cannot be reached; nothing was sent.' },
  problemNotSetUp: { id: 'Saluran jenis ini belum disiapkan di server.', en: 'This kind of channel is not set up on the server.' },
  problemLate: { id: 'Permintaan terlambat sampai; coba lagi.', en: 'The request arrived too late; try again.' },
  problemRefused: { id: 'Tidak terkirim: layanan {channel} menolaknya.', en: 'Not delivered: the {channel} service refused it.' },
  problemNoAnswer: { id: 'Tidak ada jawaban dari layanan notifikasi dalam 30 detik.', en: 'No answer from the notification service within 30 seconds.' }
} satisfies Record<string, Text>;

export function fill(text: string, params: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}
