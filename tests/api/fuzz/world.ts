import crypto from "node:crypto";
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db";
import type { Role } from "@/db/schema";
import { DEMO_API_KEY, DEMO_PASSWORD } from "@/db/seed/staff";
import { PERMISSIONS } from "@/lib/auth/policy";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { openOrAddToCase } from "@/lib/cases/open";
import { requestLoosening, tighten } from "@/lib/controls/service";
import type { RouteSpec } from "@/lib/openapi/spec";
import { addLinks, controlsFixture, OTHER_BANK, OWN_BANK } from "../../controls/fixtures";
import { demoCode } from "../../support/totp";
import { selectRows } from "./journal";

/** Who sends a fuzzed request. */
export type Caller =
  | { name: string; kind: "signed_out" }
  | { name: string; kind: "staff"; email: string; roles: Role[]; sessionId: string }
  | { name: string; kind: "service"; key: string };

/** The staff who call: every role at the carrier, and the bank roles that can change something at a bank. */
const STAFF_CALLERS = [
  "operator@carrier.demo",
  "investigator@carrier.demo",
  "manager@carrier.demo",
  "admin@carrier.demo",
  "auditor@carrier.demo",
  `operator@bank${OWN_BANK}.demo`,
  `manager@bank${OWN_BANK}.demo`,
  `admin@bank${OWN_BANK}.demo`,
] as const;

export interface FuzzWorld {
  callers: Caller[];
  /**
   * Values for each path parameter (by name) that name real rows: ids of people, keys, requests and
   * links, and bank codes. The callers' own people and keys are left out, so a fuzzed request that
   * succeeds (an admin disabling someone) never takes a caller's session or key away.
   */
  pathValues: Record<string, string[]>;
}

/**
 * A small world for the fuzz: the demo organisations and staff, links with transactions at two
 * banks, a control that is suspended with a loosening waiting, spare API keys, and the callers
 * signed in the way people sign in (password and a fresh one-time code) or holding a real key.
 */
export async function fuzzWorld(db: Db): Promise<FuzzWorld> {
  const f = await controlsFixture(db);
  const meta = { requestId: "fuzz-setup", ip: "192.0.2.30" };
  const callers: Caller[] = [{ name: "signed out", kind: "signed_out" }];
  for (const email of STAFF_CALLERS) {
    const signed = await signInWithPassword(db, { email, password: DEMO_PASSWORD, code: demoCode(email) }, meta);
    if (!signed.ok) throw new Error(`${email} could not sign in: ${signed.failure}`);
    const { roles } = await f.actor(email);
    callers.push({ name: `${roles.join("+")} at ${email.split("@")[1]!.replace(".demo", "")}`, kind: "staff", email, roles, sessionId: signed.sessionId });
  }
  const bankKey = (await f.key(OWN_BANK, ["decisions", "events", "read", "controls"])) as unknown as { keyValue: string };
  callers.push({ name: "the wallet platform's key (carrier)", kind: "service", key: DEMO_API_KEY });
  callers.push({ name: `a key of bank ${OWN_BANK} with every scope`, kind: "service", key: bankKey.keyValue });

  for (const code of [OWN_BANK, OTHER_BANK]) {
    await addLinks(db, f.bankId(code), [
      { verification: "pin_only", linkedHoursAgo: 2, charges: [[1, 30_000]], payments: [[0.5, 1_200]] },
      { verification: "otp", linkedHoursAgo: 30, charges: [[20, 5_000]] },
      { verification: "identity_document", status: "frozen", linkedHoursAgo: 100 },
    ]);
  }
  const manager = await f.actor("manager@carrier.demo");
  const bankManager = await f.actor(`manager@bank${OWN_BANK}.demo`);
  await tighten(manager, OWN_BANK, { control: "charges", toState: "suspended", reason: "Set up for the fuzz", confirmBankCode: OWN_BANK });
  await requestLoosening(bankManager, { bankCode: OWN_BANK, control: "charges", toState: "open", reason: "Waiting for the fuzz" });
  await f.key(OTHER_BANK, ["controls"]);

  // Cases on the links of both banks, so the cases' routes are fuzzed on rows that exist.
  const investigator = await f.actor("investigator@carrier.demo");
  const caseLinks = await selectRows<{ id: string; bank_id: string }>(db, sql`select id::text as id, bank_id::text as bank_id from linked_accounts where status = 'active'`);
  for (const l of caseLinks) await db.transaction((tx) => openOrAddToCase(tx, investigator, { link: { id: l.id, bankId: l.bank_id }, source: "manual", severity: "medium" }));
  // A file on each case, kept in the row (as on PostgreSQL), so downloads are fuzzed on evidence that exists.
  const pdf = Buffer.from("%PDF-1.4\n% fuzz\n%%EOF\n");
  await db.execute(
    sql`insert into case_evidence (case_id, file_name, content_type, size_bytes, sha256, storage, content, uploaded_by)
        select id, 'fuzz.pdf', 'application/pdf', ${pdf.length}, ${crypto.createHash("sha256").update(pdf).digest("hex")}, 'database', ${pdf}, ${investigator.userId} from cases`,
  );

  const callerEmails: string[] = [...STAFF_CALLERS];
  const rows = async (query: SQL) => (await selectRows<{ v: string }>(db, query)).map((r) => r.v);
  return {
    callers,
    pathValues: {
      bankCode: [OWN_BANK, OTHER_BANK, f.bankCodes.at(-1)!],
      userId: await rows(sql`select id::text as v from users where email not in (${sql.join(callerEmails.map((e) => sql`${e}`), sql`, `)})`),
      keyId: await rows(sql`select id::text as v from api_keys where prefix not in (${DEMO_API_KEY.slice(0, 10)}, ${bankKey.keyValue.slice(0, 10)})`),
      requestId: await rows(sql`select id::text as v from control_change_requests`),
      linkId: await rows(sql`select id::text as v from linked_accounts`),
      caseId: await rows(sql`select id::text as v from cases union all select reference as v from cases`),
      evidenceId: await rows(sql`select id::text as v from case_evidence`),
      transactionId: await rows(sql`select id::text as v from transactions where linked_account_id is not null`),
    },
  };
}

/**
 * How many requests a caller gets on an operation: the full number where the declaration lets them
 * in (their role has the permission, their kind of credential is accepted), a few where they are
 * refused at the door (the refusal is cheap and the same every time).
 */
export function runsFor(route: RouteSpec, caller: Caller, full: number, refused: number): number {
  if (caller.kind === "signed_out") return route.auth === "public" ? full : refused;
  if (route.auth === "public") return refused;
  if (caller.kind === "service") return route.auth === "staff" ? refused : full;
  if (route.auth === "service") return refused;
  if (!route.permission) return full;
  const allowed: readonly Role[] = PERMISSIONS[route.permission];
  return caller.roles.some((r) => allowed.includes(r)) ? full : refused;
}
