/**
 * Expected failures are values: every way a message can be refused has a code here.
 * The README's "Dead-letter reasons" table lists the same codes; tests/unit/errors-doc.test.ts keeps them in step.
 */
export const REJECT_CODES = {
  bad_topic: 'topic is not pantau/v1/sensors/<kind>/<sensorId>',
  unknown_kind: 'sensor kind is not traffic, flood or air',
  unknown_sensor: 'sensor id is not in the catalog',
  kind_mismatch: 'sensor is of another kind than the topic says',
  too_large: 'payload is larger than the configured limit',
  not_json: 'payload is not valid UTF-8 JSON',
  bad_shape: 'payload is not Pantau JSON, a SenML pack or a FIWARE entity Pantau reads',
  unknown_field: 'field is not one this sensor kind reports',
  bad_type: 'a value is not a number',
  not_finite: 'a value is NaN or infinite',
  out_of_range: 'a value is outside the physical range of the field',
  missing_field: 'no measurement in the payload',
  bad_time: 'timestamp is missing a valid form',
  time_out_of_window: 'timestamp is too far in the future or the past',
  bad_unit: 'SenML unit or NGSI unitCode does not match the field',
  rate_limited: 'sensor publishes faster than its allowed rate'
} as const;

export type RejectCode = keyof typeof REJECT_CODES;

export interface Rejection {
  ok: false;
  code: RejectCode;
  /** Human-readable detail: which field, which value. Never includes the raw payload. */
  detail: string;
  /** For value errors: which field, and the value when it was a number (out_of_range feeds the fault detector). */
  field?: string;
  value?: number;
}

export function reject(code: RejectCode, detail: string = REJECT_CODES[code]): Rejection {
  return { ok: false, code, detail };
}

/** Unexpected failures carry a stable code and whether retrying can help. */
export class PantauError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryable = false,
    options?: { cause?: unknown }
  ) {
    super(message, options);
    this.name = 'PantauError';
  }
}
