// Why the sensor registry, the people directory or the catalog's cross-entry checks refuse a change (their own checks,
// not a schema's field rules), in Indonesian, for the audit log (audit-refusals.ts). Spread into messages-refusal-id.ts;
// the English file must have exactly these keys and placeholders.
export const storeRefusalMessagesId = {
  // the catalog's cross-entry checks (schemas/catalog.ts)
  duplicateDistrict: 'kecamatan "{name}" ganda',
  duplicateId: 'id "{id}" ganda',
  districtUnknown: 'kecamatan "{district}" tidak ada di districts',
  selfDownstream: 'mencantumkan dirinya sendiri di hilir',
  downstreamNotFlood: 'hilir "{id}" bukan sensor banjir di sini',
  // the sensor registry (server/registry)
  noSensor: 'tidak ada sensor "{id}" di registri',
  sensorDecommissioned: 'sensor {id} sudah dinonaktifkan',
  sensorChanged: 'sensor {id} berubah sementara itu (revisi {current}, Anda menyunting {expected}): muat ulang lalu coba lagi',
  sensorExists: 'sensor {id} sudah ada',
  sensorIdRetired: 'sensor {id} sudah dinonaktifkan: id tidak pernah dipakai ulang (pembacaannya tetap memakai id itu)',
  changesObject: 'changes harus berupa objek berisi kolom sensor',
  changesEmpty: 'changes kosong: tidak ada yang diubah',
  fieldFixed: '{field} tidak dapat diubah: pembacaan dan peringatan memuatnya (nonaktifkan lalu buat sensor baru)',
  unknownField: 'kolom "{field}" tidak dikenal',
  editableStatus: 'status di sini hanya dapat diatur ke active atau maintenance; penonaktifan punya aksinya sendiri',
  // a registry import (server/registry/parse-import.ts, store-import.ts)
  fileEmpty: 'berkas kosong',
  unknownColumn: 'kolom "{column}" tidak dikenal',
  missingColumn: 'kolom "{column}" tidak ada',
  columnsAre: 'kolomnya: {columns}',
  fileNotJson: 'bukan JSON: {error}',
  featureCollection: 'seharusnya GeoJSON FeatureCollection',
  noSensorsInFile: 'berkas tidak berisi sensor',
  importMax: 'paling banyak {max} sensor per impor',
  rowsHaveProblems: '{bad} dari {rows} baris bermasalah: tidak ada yang diimpor',
  // the people directory (server/people)
  noPerson: 'tidak ada orang "{id}" di direktori',
  personExists: 'orang dengan id {id} sudah ada',
  personChanged: 'orang {id} berubah sementara itu (revisi {current}, Anda menyunting {expected}): muat ulang lalu coba lagi',
  noChannel: 'orang {person} tidak punya saluran {channel}',
  noSubscription: 'orang {person} tidak punya langganan {subscription}',
  noTeam: 'tidak ada tim "{id}" di direktori',
  teamExists: 'tim dengan id {id} sudah ada',
  teamChanged: 'tim {id} berubah sementara itu (revisi {current}, Anda menyunting {expected}): muat ulang lalu coba lagi',
  noShift: 'tim {team} tidak punya giliran jaga {shift}',
  noPushSubscription: 'peramban ini tidak punya langganan push untuk Anda',
  // the people API's own checks (server/people/route-checks.ts)
  channelIdPath: 'id saluran harus bilangan bulat positif',
  subscriptionIdPath: 'id langganan harus bilangan bulat positif',
  shiftIdPath: 'id giliran jaga harus bilangan bulat positif',
  nothingToChange: 'tidak ada yang diubah: berikan rank atau enabled',
  changesPersonObject: 'changes harus berupa objek berisi kolom data orang',
  changesTeamObject: 'changes harus berupa objek berisi kolom data tim',
  notChangeableHere: '{field} tidak dapat diubah di sini',
  notLogin: '"{login}" bukan login pusat komando ini (PANTAU_USERS)',
  // a channel's test message not asked for (server/people/channel-test.ts)
  testChannelRate: 'satu pesan uji per saluran setiap {seconds} detik',
  testUserRate: 'paling banyak {max} pesan uji per {minutes} menit',
  testBrokerDown: 'broker pesan tidak dapat dihubungi: permintaan tidak diteruskan ke notifier',
  testPublishFailed: 'permintaan gagal dikirim: {error}',
  // a browser's push subscription (server/people/push-subscriptions.ts)
  bodyObject: 'body harus berupa objek JSON',
  url: 'harus berupa URL',
  atMostChars: 'paling banyak {max} karakter',
  noCredentials: 'tidak boleh memuat kredensial',
  p256dhKey: 'harus berupa kunci publik P-256 base64url ({bytes} bita)',
  uncompressedPoint: 'harus berupa titik tak terkompresi (bita pertama 4)',
  authSecret: 'harus berupa rahasia base64url sepanjang {bytes} bita',
  // a database constraint two racing admins tripped (server/people/change.ts)
  personIdTaken: 'orang dengan id ini sudah ada',
  loginTaken: 'login ini sudah terhubung ke orang lain',
  teamIdTaken: 'tim dengan id ini sudah ada',
  pushEndpointTaken: 'langganan push ini sudah dimiliki sebuah saluran',
  leadNotPerson: 'ketua tim bukan orang di direktori',
  shiftPersonMissing: 'orang pada giliran jaga ini tidak ada di direktori',
  noSuchTeam: 'tim itu tidak ada',
  noSuchPerson: 'orang itu tidak ada',
  existsAlready: 'ini sudah ada',
  refersToMissing: 'merujuk ke sesuatu yang tidak ada'
} as const;

export type StoreRefusalCode = keyof typeof storeRefusalMessagesId;
