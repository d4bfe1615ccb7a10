// npm run otp -- <email>: the current one-time code of a DEMO account (from its documented secret).
import { Secret, TOTP } from "otpauth";
import { DEMO_STAFF, demoTotpSecret } from "@/db/seed/staff";

const email = process.argv[2];
if (!email || !DEMO_STAFF.some((s) => s.email === email && s.enrolled !== false)) {
  console.error(`Usage: npm run otp -- <demo e-mail>\nDemo accounts: ${DEMO_STAFF.filter((s) => s.enrolled !== false).map((s) => s.email).join(", ")}`);
  process.exit(2);
}
const totp = new TOTP({ secret: Secret.fromBase32(demoTotpSecret(email)), digits: 6, period: 30 });
const left = 30 - (Math.floor(Date.now() / 1000) % 30);
console.log(`${totp.generate()}  (valid for ${left} s more; each code signs in once)`);
