import { AppError } from "@/lib/errors";

/**
 * The Idempotency-Key header itself: its name, its format and the problems the pipeline answers
 * about it (the mechanism is lib/http/idempotency.ts; the OpenAPI document declares the header from
 * here without loading the database).
 */

export const IDEMPOTENCY_HEADER = "idempotency-key";

/** 1–255 printable ASCII characters (a UUID, a ULID, the client's own reference). */
const KEY_FORMAT = /^[\x20-\x7e]{1,255}$/;

export const IDEMPOTENCY_KEY_PATTERN = KEY_FORMAT.source;

export class IdempotencyKeyInvalid extends AppError {
  constructor() {
    super(400, "idempotency_key_invalid", "The Idempotency-Key header must be 1 to 255 printable ASCII characters.");
  }
}

export class IdempotencyKeyReused extends AppError {
  constructor() {
    super(422, "idempotency_key_reused", "This Idempotency-Key was used for another request (a different body, path or method); use a new key for a new request.");
  }
}

export class IdempotencyKeyInUse extends AppError {
  readonly retryAfterSeconds = 1;
  constructor() {
    super(409, "idempotency_key_in_use", "A request with this Idempotency-Key is still running; retry in a moment to get its answer.");
  }
}

/** The header's value, checked (a bad one is 400 `idempotency_key_invalid`). */
export function checkIdempotencyKey(value: string): string {
  if (!KEY_FORMAT.test(value)) throw new IdempotencyKeyInvalid();
  return value;
}
