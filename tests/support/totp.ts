import { Secret, TOTP } from "otpauth";
import { demoTotpSecret } from "@/db/seed/staff";

/** The code an authenticator app would show for `secret` at `time`. */
export function totpCode(secret: string, time = Date.now()): string {
  return new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate({ timestamp: time });
}

export function demoCode(email: string, time = Date.now()): string {
  return totpCode(demoTotpSecret(email), time);
}
