import type { Metadata } from "next";
import { DatabaseUnavailable } from "@/components/shell/database-unavailable";
import { getT } from "@/lib/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())("common.databaseUnavailable") };
}

/**
 * The console's outage page: what proxy.ts answers, with 503 and Retry-After, for any page asked for
 * while the database does not answer (the browser's address stays the page's own). It reads no data;
 * once the database answers it loads the page asked for again. Asked for by its own address, proxy.ts
 * sends the browser home.
 */
export default function UnavailablePage() {
  return <DatabaseUnavailable />;
}
