/** Typed errors thrown by lib/ and mapped to HTTP in one place (lib/http/problem.ts). */
export type FieldErrors = Record<string, string>;

export class AppError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly fields?: FieldErrors,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class Invalid extends AppError {
  constructor(message: string, fields?: FieldErrors) {
    super(422, "invalid", message, fields);
  }
}
export class BadRequest extends AppError {
  constructor(message: string, fields?: FieldErrors) {
    super(400, "bad_request", message, fields);
  }
}
export class Unauthenticated extends AppError {
  constructor(message = "Sign in first.") {
    super(401, "unauthenticated", message);
  }
}
export class Forbidden extends AppError {
  constructor(message = "You may not do this.") {
    super(403, "forbidden", message);
  }
}
export class NotFound extends AppError {
  constructor(what = "resource") {
    super(404, "not_found", `No such ${what}.`);
  }
}
export class Conflict extends AppError {
  constructor(message: string, fields?: FieldErrors) {
    super(409, "conflict", message, fields);
  }
}
export class TooLarge extends AppError {
  constructor(message = "The request body is too large.") {
    super(413, "too_large", message);
  }
}
export class TooManyRequests extends AppError {
  constructor(
    message: string,
    public readonly retryAfterSeconds?: number,
  ) {
    super(429, "too_many_requests", message);
  }
}
