// Why the people directory or the sensor catalog refuses a value, in Indonesian, for the audit log (audit-refusals.ts).
// The English file must have exactly these keys and placeholders; a value between braces that is no placeholder
// ({id, en}) names JSON fields.
import { storeRefusalMessagesId } from './messages-refusal-store-id';

export const refusalMessagesId = {
  required: 'wajib ada',
  nonEmpty: 'harus berupa teks yang tidak kosong',
  numberIn: 'harus berupa angka dalam {range}{unit}',
  atMostEntries: 'paling banyak {max} isian',
  text: 'harus berupa teks',
  notJson: 'bukan JSON: {error}',
  directoryId: 'harus 1–64 huruf kecil, angka, _ atau - (diawali huruf atau angka)',
  wholeMinute: 'harus menit bulat dalam [0, 1439]',
  wholeNumberIn: 'harus bilangan bulat dalam [{min}, {max}]',
  listOnly: 'hanya boleh berisi {allowed}',
  oneOf: 'harus salah satu dari {allowed}',
  eitherOf: 'harus {a} atau {b}',
  array: 'harus berupa daftar',
  cityDistricts: 'harus menyebut kecamatan di kota ini',
  districtArray: 'harus berupa daftar nama kecamatan',
  quietHours: 'harus berupa {startMin, endMin} (menit setelah tengah malam WITA) atau null',
  idOrEn: 'harus id atau en',
  loginName: 'harus berupa nama login',
  trueOrFalse: 'harus true atau false',
  personObject: 'harus berupa data orang',
  pushKey: '{what} langganan harus base64url sepanjang {bytes} bita',
  httpsUrl: 'harus berupa URL https',
  pushKeys: 'harus berupa {p256dh, auth}',
  pushSubscription: 'harus berupa langganan push {endpoint, keys}',
  email: 'harus berupa alamat email',
  telegram: 'harus berupa id obrolan Telegram (bilangan bulat) atau @namakanal',
  whatsapp: 'harus berupa nomor WhatsApp: angka E.164 tanpa tanda plus, 8–15 digit',
  channelObject: 'harus berupa data saluran',
  channelKind: 'kind harus salah satu dari {allowed}',
  subscriptionObject: 'harus berupa data langganan',
  idAndEn: 'harus berupa {id, en}',
  teamObject: 'harus berupa data tim',
  leadAfterBackup: 'leadAfterMin harus lebih lambat dari backupAfterMin (ketua tim dipanggil setelah cadangan)',
  instant: 'harus berupa epoch ms atau waktu ISO dengan zona',
  shiftObject: 'harus berupa data giliran jaga',
  endAfterStart: 'end harus setelah start',
  shiftLength: 'satu giliran jaga paling lama 31 hari',
  // the sensor catalog (schemas/catalog.ts)
  object: 'harus berupa objek',
  floodThresholds: 'harus berupa {siaga3, siaga2, siaga1}',
  thresholdsRise: 'ambang harus naik: siaga3 <= siaga2 <= siaga1',
  trafficProfile: 'harus berupa {freeFlowKmh, capacityVehH}',
  matchPattern: 'harus cocok dengan {pattern}',
  anyOf: 'harus salah satu dari {allowed}',
  districtName: 'harus berupa nama kecamatan',
  sensorId: 'harus berupa id sensor',
  sensorIdArray: 'harus berupa daftar id sensor',
  trafficRequired: 'wajib ada untuk sensor lalu lintas: {freeFlowKmh, capacityVehH}',
  nonEmptyArray: 'harus berupa daftar yang tidak kosong',
  catalogObject: 'katalog harus berupa objek JSON',
  // the stores' own checks and the catalog's cross-entry ones (their own file: many, and not a schema's)
  ...storeRefusalMessagesId,
  // not reasons: the units a number's range names (common.ts numberIn), said in the reader's language (audit-refusals.ts)
  unitSeconds: 'detik',
  unitKmH: 'km/jam',
  unitVehH: 'kend/jam',
  // not a schema's: the problems a stored refusal had past those it keeps (audit-refusals.ts)
  moreProblems: '… dan {count} lagi'
} as const;

export type RefusalCode = keyof typeof refusalMessagesId;
