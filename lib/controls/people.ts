import "server-only";
import { eq, inArray } from "drizzle-orm";
import type { Queryable } from "@/db";
import { apiKeys, organisations, users } from "@/db/schema";

/** Who did something, as the Controls page shows it. `org` is the bank code, null for the carrier. */
export interface Person {
  name: string;
  kind: "staff" | "api_key" | "system";
  org: string | null;
}

export interface PeopleIndex {
  user(id: string | null | undefined): Person | null;
  apiKey(id: string | null | undefined): Person | null;
  /** The organisation kind of a user or key (for the rule of who approves). */
  orgKindOfUser(id: string | null | undefined): "carrier" | "bank" | null;
  orgKindOfApiKey(id: string | null | undefined): "carrier" | "bank" | null;
}

/** Names for a set of user and key ids, in two queries however many rows mention them. */
export async function loadPeople(db: Queryable, userIds: Iterable<string | null | undefined>, apiKeyIds: Iterable<string | null | undefined> = []): Promise<PeopleIndex> {
  const uids = [...new Set([...userIds].filter((x): x is string => !!x))];
  const kids = [...new Set([...apiKeyIds].filter((x): x is string => !!x))];
  const [userRows, keyRows] = await Promise.all([
    uids.length
      ? db
          .select({ id: users.id, name: users.displayName, kind: organisations.kind, code: organisations.bankCode })
          .from(users)
          .innerJoin(organisations, eq(organisations.id, users.orgId))
          .where(inArray(users.id, uids))
      : Promise.resolve([]),
    kids.length
      ? db
          .select({ id: apiKeys.id, name: apiKeys.name, kind: organisations.kind, code: organisations.bankCode })
          .from(apiKeys)
          .innerJoin(organisations, eq(organisations.id, apiKeys.orgId))
          .where(inArray(apiKeys.id, kids))
      : Promise.resolve([]),
  ]);
  const u = new Map(userRows.map((r) => [r.id, r]));
  const k = new Map(keyRows.map((r) => [r.id, r]));
  return {
    user: (id) => {
      const r = id ? u.get(id) : undefined;
      return r ? { name: r.name, kind: "staff", org: r.code } : null;
    },
    apiKey: (id) => {
      const r = id ? k.get(id) : undefined;
      return r ? { name: r.name, kind: "api_key", org: r.code } : null;
    },
    orgKindOfUser: (id) => (id ? (u.get(id)?.kind ?? null) : null),
    orgKindOfApiKey: (id) => (id ? (k.get(id)?.kind ?? null) : null),
  };
}
