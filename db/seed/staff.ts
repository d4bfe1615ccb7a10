import crypto from "node:crypto";
import type { Role } from "../schema";

/** The one demo password, for every demo account (documented in the README). */
export const DEMO_PASSWORD = "Linkguard-demo-2020";

/** A fixed, documented TOTP secret per demo account: base32 of a hash of the e-mail. */
export function demoTotpSecret(email: string): string {
  const bytes = crypto.createHash("sha256").update(`linkguard-demo:${email}`).digest().subarray(0, 20);
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0;
  let value = 0;
  let out = "";
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

export interface DemoStaff {
  email: string;
  displayName: string;
  /** "carrier" or a bank code. */
  org: string;
  roles: Role[];
  /** false: no second factor yet, and a temporary password: enrols at first sign-in. */
  enrolled?: boolean;
}

const ROLE_USERS: [string, string, Role[]][] = [
  ["operator", "オペレーター", ["bank_operator"]],
  ["investigator", "調査", ["investigator"]],
  ["manager", "マネージャー", ["manager"]],
  ["admin", "管理者", ["admin"]],
  ["auditor", "監査", ["auditor"]],
];

function staffOf(org: string, domain: string, orgLabel: string): DemoStaff[] {
  return ROLE_USERS.map(([local, label, roles]) => ({
    email: `${local}@${domain}`,
    displayName: `${orgLabel} ${label}`,
    org,
    roles,
  }));
}

export const DEMO_BANK_STAFF_CODES = ["0101", "0108"] as const;

export const DEMO_STAFF: DemoStaff[] = [
  ...staffOf("carrier", "carrier.demo", "ミライ"),
  { email: "investigator2@carrier.demo", displayName: "ミライ 調査2", org: "carrier", roles: ["investigator"] },
  { email: "manager2@carrier.demo", displayName: "ミライ マネージャー2", org: "carrier", roles: ["manager"] },
  // The carrier's second administrator: a grant of manager or admin needs one (four-eyes).
  { email: "admin2@carrier.demo", displayName: "ミライ 管理者2", org: "carrier", roles: ["admin"] },
  { email: "newcomer@carrier.demo", displayName: "ミライ 新人", org: "carrier", roles: ["investigator"], enrolled: false },
  ...staffOf("0101", "bank0101.demo", "みらい中央"),
  ...staffOf("0108", "bank0108.demo", "北星"),
];

/** The demo service key of the wallet platform (scopes decisions and events), documented in the README. */
export const DEMO_API_KEY = "lg_demo_wallet_platform_0123456789abcdef";
