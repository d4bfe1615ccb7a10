import { expect, type APIRequestContext } from "@playwright/test";
import { DEMO_BANKS } from "@/db/seed/banks";
import { demoUser, type PreparedUser } from "./staff";

/**
 * Rows of bank 0108 (the "foreign" bank for the bank-0101 staff in the access matrix), one per
 * path-parameter name of the API. A route with a parameter that has no resolver here fails the
 * matrix: add one, so no new route escapes it.
 */
export const FOREIGN_BANK = DEMO_BANKS.find((b) => b.code === "0108")!;

export interface ForeignRow {
  /** The parameter's value: a row of bank 0108. */
  value: string;
  /** Strings of that row a 404 must not reveal (names, e-mails), beyond the id the caller sent. */
  secrets: string[];
}

export interface ResolverContext {
  /** An API client signed in as a prepared user. */
  as(email: PreparedUser): Promise<APIRequestContext>;
  /** The origin header mutations send (same-origin check). */
  origin: string;
}

type Resolver = (ctx: ResolverContext) => Promise<ForeignRow>;

async function json<T>(res: Awaited<ReturnType<APIRequestContext["get"]>>, what: string): Promise<T> {
  expect(res.status(), `${what}: ${await res.text()}`).toBeLessThan(300);
  return (await res.json()) as T;
}

const GRANT_SAMPLE = "investigator@bank0108.demo";
const RESET_SAMPLE = "manager@bank0108.demo";

/** A staff member of the admin's organisation by e-mail, through the staff list's pages. */
async function staffOf(admin: APIRequestContext, email: string): Promise<{ id: string; email: string; displayName: string; roles: string[] }> {
  type Staff = { id: string; email: string; displayName: string; roles: string[] };
  let cursor: string | null = null;
  do {
    const page: { items: Staff[]; nextCursor: string | null } = await json(
      await admin.get("/api/v1/admin/users", { params: { limit: "100", ...(cursor ? { cursor } : {}) } }),
      `staff of ${email}'s organisation`,
    );
    const found = page.items.find((u) => u.email === email);
    if (found) return found;
    cursor = page.nextCursor;
  } while (cursor);
  throw new Error(`${email} is not in the staff list`);
}

/** The staff member of bank 0108 whose id the matrix asks for (a user no other spec signs in with success). */
const FOREIGN_STAFF = demoUser("auditor@bank0108.demo");
const FOREIGN_KEY_NAME = "Bank 0108 core banking (e2e matrix sample)";
const FOREIGN_REQUEST_REASON = "Bank 0108 asks to reopen registrations (e2e matrix sample)";

/** A case of bank 0108: the carrier's investigator opens one on a bank 0108 link (or adds to its open case). */
let foreignCase: Promise<{ id: string; reference: string }> | undefined;
function foreignCaseOf(ctx: ResolverContext): Promise<{ id: string; reference: string }> {
  return (foreignCase ??= (async () => {
    const link = await RESOLVERS.linkId!(ctx);
    const investigator = await ctx.as("investigator@carrier.demo");
    return json<{ id: string; reference: string }>(
      await investigator.post(`/api/v1/links/${link.value}/cases`, { data: { note: "Access matrix sample (e2e)" }, headers: { origin: ctx.origin } }),
      "a case of bank 0108",
    );
  })());
}

const FOREIGN_EVIDENCE_NAME = "matrix-sample-bank0108.pdf";

export const RESOLVERS: Record<string, Resolver> = {
  bankCode: async () => ({ value: FOREIGN_BANK.code, secrets: [FOREIGN_BANK.nameEn, FOREIGN_BANK.nameJa] }),

  userId: async (ctx) => {
    const admin = await ctx.as("admin@bank0108.demo");
    const page = await json<{ items: { id: string; email: string; displayName: string }[] }>(
      await admin.get("/api/v1/admin/users", { params: { limit: 100 } }),
      "staff of bank 0108",
    );
    const row = page.items.find((u) => u.email === FOREIGN_STAFF.email);
    if (!row) throw new Error(`${FOREIGN_STAFF.email} is not in bank 0108's staff list`);
    return { value: row.id, secrets: [row.email, row.displayName] };
  },

  keyId: async (ctx) => {
    const admin = await ctx.as("admin@bank0108.demo");
    const page = await json<{ items: { id: string; name: string; prefix: string }[] }>(
      await admin.get("/api/v1/admin/api-keys", { params: { limit: 100 } }),
      "API keys of bank 0108",
    );
    let row = page.items.find((k) => k.name === FOREIGN_KEY_NAME);
    if (!row) {
      const created = await json<{ apiKey: { id: string; name: string; prefix: string } }>(
        await admin.post("/api/v1/admin/api-keys", { data: { name: FOREIGN_KEY_NAME, scopes: ["read"] }, headers: { origin: ctx.origin } }),
        "new API key of bank 0108",
      );
      row = created.apiKey;
    }
    return { value: row.id, secrets: [row.name, row.prefix] };
  },

  linkId: async (ctx) => {
    const investigator = await ctx.as("investigator@carrier.demo");
    const page = await json<{ items: { id: string; bankCode: string; email: string; walletId: string; holderName: string }[] }>(
      await investigator.get("/api/v1/accounts", { params: { bank: FOREIGN_BANK.code, limit: 1 } }),
      "linked accounts of bank 0108",
    );
    const row = page.items.find((l) => l.bankCode === FOREIGN_BANK.code);
    if (!row) throw new Error("the seed has no linked account at bank 0108");
    return { value: row.id, secrets: [row.email, row.walletId, row.holderName] };
  },

  requestId: async (ctx) => {
    // The carrier's manager sees and changes every bank: a loosening request of bank 0108.
    const manager = await ctx.as("manager@carrier.demo");
    type Req = { id: string; reason: string; bankCode: string; bankNameEn: string };
    const listed = await json<{ requests: Req[] }>(
      await manager.get("/api/v1/control-requests", { params: { status: "all", bankCode: FOREIGN_BANK.code } }),
      "loosening requests of bank 0108",
    );
    let row = listed.requests.find((r) => r.bankCode === FOREIGN_BANK.code);
    if (!row) {
      const headers = { origin: ctx.origin };
      const controls = await json<{ banks: { bankCode: string; registrations: { state: string } }[] }>(
        await manager.get("/api/v1/controls", { params: { q: FOREIGN_BANK.code } }),
        "controls of bank 0108",
      );
      const bank = controls.banks.find((b) => b.bankCode === FOREIGN_BANK.code);
      if (bank?.registrations.state === "open") {
        await json(
          await manager.post(`/api/v1/controls/${FOREIGN_BANK.code}/tighten`, {
            data: { control: "registrations", toState: "strong_only", reason: "Tightened so a loosening can be requested (e2e)", confirmBankCode: FOREIGN_BANK.code },
            headers,
          }),
          "tighten registrations of bank 0108",
        );
      }
      row = await json<Req>(
        await manager.post("/api/v1/control-requests", {
          data: { bankCode: FOREIGN_BANK.code, control: "registrations", toState: "open", reason: FOREIGN_REQUEST_REASON },
          headers,
        }),
        "loosening request for bank 0108",
      );
    }
    return { value: row.id, secrets: [row.reason, row.bankNameEn] };
  },

  grantId: async (ctx) => {
    // Bank 0108's admin asks for a manager grant for its seeded investigator (it waits for a second
    // admin, and nobody approves it here). Not a person the admin created: whoever issued a person's
    // credentials may not ask for their manager role (credential_issuer_forbidden).
    const admin = await ctx.as("admin@bank0108.demo");
    type Grant = { id: string; email: string; displayName: string; status: string };
    const listed = await json<{ grants: Grant[] }>(await admin.get("/api/v1/admin/role-grants"), "role grants of bank 0108");
    let row = listed.grants.find((g) => g.email === GRANT_SAMPLE && g.status === "pending");
    if (!row) {
      const person = await staffOf(admin, GRANT_SAMPLE);
      const updated = await json<{ id: string; email: string; displayName: string; pendingGrant: { id: string } | null }>(
        await admin.patch(`/api/v1/admin/users/${person.id}`, { data: { roles: [...person.roles, "manager"] }, headers: { origin: ctx.origin } }),
        "a manager grant for bank 0108's investigator",
      );
      row = { id: updated.pendingGrant!.id, email: updated.email, displayName: updated.displayName, status: "pending" };
    }
    return { value: row.id, secrets: [row.email, row.displayName] };
  },

  resetId: async (ctx) => {
    // Bank 0108's admin resets its seeded manager's password: a manager's reset waits for a second
    // admin (the carrier's, bank 0108 has one admin), and nobody approves it here, so nothing changes.
    const admin = await ctx.as("admin@bank0108.demo");
    type Reset = { id: string; email: string; displayName: string; status: string };
    const listed = await json<{ resets: Reset[] }>(await admin.get("/api/v1/admin/credential-resets"), "credential resets of bank 0108");
    let row = listed.resets.find((r) => r.email === RESET_SAMPLE && r.status === "pending");
    if (!row) {
      const person = await staffOf(admin, RESET_SAMPLE);
      const reset = await json<{ user: { pendingReset: { id: string } | null } }>(
        await admin.post(`/api/v1/admin/users/${person.id}/reset-password`, { data: { resetTotp: true }, headers: { origin: ctx.origin } }),
        "password reset of bank 0108's manager",
      );
      row = { id: reset.user.pendingReset!.id, email: person.email, displayName: person.displayName, status: "pending" };
    }
    return { value: row.id, secrets: [row.email, row.displayName] };
  },

  caseId: async (ctx) => {
    const c = await foreignCaseOf(ctx);
    return { value: c.id, secrets: [c.reference] };
  },

  transactionId: async (ctx) => {
    // A transaction of the sample case's link (bank 0108), or, when the link has none, any id: the
    // case in the same path is bank 0108's, which bank 0101's staff must not learn of either way.
    const link = await RESOLVERS.linkId!(ctx);
    const investigator = await ctx.as("investigator@carrier.demo");
    const page = await json<{ items: { id: string }[] }>(await investigator.get(`/api/v1/links/${link.value}/transactions`, { params: { limit: 1 } }), "transactions of a link of bank 0108");
    return { value: page.items[0]?.id ?? crypto.randomUUID(), secrets: link.secrets };
  },

  evidenceId: async (ctx) => {
    const c = await foreignCaseOf(ctx);
    const investigator = await ctx.as("investigator@carrier.demo");
    const added = await json<{ id: string }>(
      await investigator.post(`/api/v1/cases/${c.id}/evidence`, {
        multipart: { file: { name: FOREIGN_EVIDENCE_NAME, mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n% access matrix sample\n%%EOF\n") } },
        headers: { origin: ctx.origin },
      }),
      "evidence of a case of bank 0108",
    );
    return { value: added.id, secrets: [FOREIGN_EVIDENCE_NAME, c.reference] };
  },

  reimbursementId: async (ctx) => {
    // A reimbursement of bank 0108 (the demo seed proposes some on its story cases).
    const manager = await ctx.as("manager@carrier.demo");
    const page = await json<{ items: { id: string; caseReference: string }[] }>(
      await manager.get("/api/v1/reimbursements", { params: { bank: FOREIGN_BANK.code, limit: 1 } }),
      "a reimbursement of bank 0108",
    );
    const r = page.items[0];
    if (!r) throw new Error("no reimbursement of bank 0108 in the demo data");
    return { value: r.id, secrets: [r.caseReference] };
  },

  // Payout batches are the carrier's, not a bank's (the routes are not bank-scoped): any id serves the 401 and 403 checks.
  batchId: async () => ({ value: "00000000-0000-4000-8000-00000000b47c", secrets: [] }),
};
