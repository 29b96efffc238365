/**
 * Indonesian texts of acknowledge links (`/ack/<token>`) and of an alert's deliveries to people; spread
 * into messages-id.ts. The English file must have exactly these keys.
 */
export const deliveryMessagesId = {
  'ack.title': 'Konfirmasi peringatan',
  'ack.forPerson': 'Untuk {name}',
  'ack.sensor': 'Sensor',
  'ack.district': 'Kecamatan',
  'ack.raisedAt': 'Muncul',
  'ack.hint': 'Membuka tautan ini belum menerima peringatan: tekan tombol di bawah.',
  'ack.button': 'Terima',
  'ack.done': 'Diterima. Terima kasih, {name}.',
  'ack.doneNote': 'Pusat komando kini melihat bahwa Anda menanganinya (lewat {via}).',
  'ack.closedAck': 'Peringatan ini sudah diterima oleh {by}, {time}.',
  'ack.closedResolved': 'Peringatan ini sudah selesai ({by}, {time}).',
  'ack.used': 'Tautan ini sudah dipakai ({time}).',
  'ack.expired': 'Tautan ini sudah kedaluwarsa.',
  'ack.invalid': 'Tautan ini tidak sah.',
  'ack.unknown': 'Peringatan atau penerimanya tidak dikenal lagi.',
  'ack.failed': 'Gagal menerima. Coba lagi atau hubungi pusat komando.',
  'ack.nothingChanged': 'Tidak ada yang diubah.',
  'ack.openConsole': 'Buka konsol',

  'via.console': 'konsol',
  'via.app': 'aplikasi',
  'via.email': 'tautan email',
  'via.telegram': 'tautan Telegram',
  'via.whatsapp': 'tautan WhatsApp',
  'via.webpush': 'notifikasi aplikasi',
  'via.link': 'tautan',
  'alerts.ackVia': 'Diterima oleh {by} lewat {via}, {time}',

  'delivery.title': 'Pengiriman ke orang',
  'delivery.empty': 'Belum ada yang dihubungi.',
  'delivery.unavailable': 'Riwayat pengiriman tidak tersedia.',
  'delivery.sent': 'Dikirim ke {name} ({reason}) via {channel}',
  'delivery.escalated': 'Dieskalasi ke {reason} ({name}) via {channel}',
  'delivery.failed': '{channel} ke {name} gagal',
  'delivery.fallback': '{channel} ke {name} gagal, dicoba lewat saluran berikutnya',
  'delivery.fellBack': '{failed} ke {name} gagal, dikirim lewat {channel}',
  'delivery.held': 'Ditahan untuk {name}: dikirim dalam ringkasan berikutnya',
  'delivery.givenUp': 'Tidak berhasil menjangkau {name} via {channel}',
  'delivery.quiet': 'Tidak dikirim ke {name}: jam tenang sampai {until}',
  'delivery.acknowledged': 'Diterima oleh {name} lewat {via}',
  'delivery.reason.subscription': 'pelanggan',
  'delivery.reason.oncall': 'petugas siaga {team}',
  'delivery.reason.backup': 'cadangan',
  'delivery.reason.lead': 'ketua tim',
  'delivery.reason.digest': 'ringkasan',
  'delivery.test.title': 'Pantau: pesan uji',
  'delivery.test.body': 'Ini pesan uji dari Pantau untuk {name}, diminta oleh {by} pada {time} WITA. Jika pesan ini sampai, saluran {channel} Anda berfungsi. Tidak ada yang perlu dilakukan.',
  'channel.email': 'email',
  'channel.whatsapp': 'WhatsApp',
  'channel.telegram': 'Telegram',
  'channel.webpush': 'notifikasi aplikasi'
} as const;

export type DeliveryMessageKey = keyof typeof deliveryMessagesId;
