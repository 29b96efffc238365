// Why the people directory or the sensor catalog refuses a value (schemas/people.ts, catalog.ts, common.ts), in English:
// exactly what the API answers and the audit log always stored (schemas/reason.ts makes the schemas' messages from these).
// Same keys as messages-refusal-id.ts.
import type { RefusalCode } from './messages-refusal-id';
import { storeRefusalMessagesEn } from './messages-refusal-store-en';

export const refusalMessagesEn: Record<RefusalCode, string> = {
  required: 'is required',
  nonEmpty: 'must be a non-empty string',
  numberIn: 'must be a number in {range}{unit}',
  atMostEntries: 'must hold at most {max} entries',
  text: 'must be text',
  notJson: 'is not JSON: {error}',
  directoryId: 'must be 1–64 lower-case letters, digits, _ or - (starting with a letter or digit)',
  wholeMinute: 'must be a whole minute in [0, 1439]',
  wholeNumberIn: 'must be a whole number in [{min}, {max}]',
  listOnly: 'must list only {allowed}',
  oneOf: 'must be one of {allowed}',
  eitherOf: 'must be {a} or {b}',
  array: 'must be an array',
  cityDistricts: 'must name districts of the city',
  districtArray: 'must be an array of district names',
  quietHours: 'must be {startMin, endMin} (minutes after midnight WITA) or null',
  idOrEn: 'must be id or en',
  loginName: 'must be a login name',
  trueOrFalse: 'must be true or false',
  personObject: 'must be a person object',
  pushKey: "must be the subscription's {what} (base64url of {bytes} bytes)",
  httpsUrl: 'must be an https URL',
  pushKeys: 'must be {p256dh, auth}',
  pushSubscription: 'must be a push subscription {endpoint, keys}',
  email: 'must be an email address',
  telegram: 'must be a Telegram chat id (integer) or @channelname',
  whatsapp: 'must be a WhatsApp number: E.164 digits without the plus, 8–15 of them',
  channelObject: 'must be a channel object',
  channelKind: 'kind must be one of {allowed}',
  subscriptionObject: 'must be a subscription object',
  idAndEn: 'must be {id, en}',
  teamObject: 'must be a team object',
  leadAfterBackup: 'leadAfterMin must be later than backupAfterMin (the lead comes after the backup)',
  instant: 'must be epoch ms or an ISO time with a zone',
  shiftObject: 'must be a shift object',
  endAfterStart: 'end must be after start',
  shiftLength: 'a shift must last at most 31 days',
  // the sensor catalog (schemas/catalog.ts)
  object: 'must be an object',
  floodThresholds: 'must be {siaga3, siaga2, siaga1}',
  thresholdsRise: 'thresholds must rise: siaga3 <= siaga2 <= siaga1',
  trafficProfile: 'must be {freeFlowKmh, capacityVehH}',
  matchPattern: 'must match {pattern}',
  anyOf: 'must be {allowed}',
  districtName: 'must be a district name',
  sensorId: 'must be a sensor id',
  sensorIdArray: 'must be an array of sensor ids',
  trafficRequired: 'is required for a traffic sensor: {freeFlowKmh, capacityVehH}',
  nonEmptyArray: 'must be a non-empty array',
  catalogObject: 'catalog must be a JSON object',
  // the stores' own checks and the catalog's cross-entry ones (their own file: many, and not a schema's)
  ...storeRefusalMessagesEn,
  // not reasons: the units a number's range names (common.ts numberIn), said in the reader's language (audit-refusals.ts)
  unitSeconds: 'seconds',
  unitKmH: 'km/h',
  unitVehH: 'veh/h',
  // not a schema's: the problems a stored refusal had past those it keeps (audit-refusals.ts)
  moreProblems: '… and {count} more'
};
