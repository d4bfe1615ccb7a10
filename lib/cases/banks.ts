import "server-only";
import { eq } from "drizzle-orm";
import type { Queryable } from "@/db";
import { organisations } from "@/db/schema";

/** A bank's four-digit code from its id. */
export async function bankCodeOf(db: Queryable, bankId: string): Promise<string> {
  const [row] = await db.select({ code: organisations.bankCode }).from(organisations).where(eq(organisations.id, bankId)).limit(1);
  return row?.code ?? "";
}
