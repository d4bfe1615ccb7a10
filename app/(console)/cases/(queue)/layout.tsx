import type { ReactNode } from "react";
import { requirePermission } from "@/lib/auth/page-guard";
import { ClientMessages } from "@/lib/i18n/client-messages";

// Checked here, above the loading boundary, so a role without access gets a real 404 status
// before anything streams. The page checks again with the actor it uses.
export default async function CasesQueueLayout({ children }: { children: ReactNode }) {
  await requirePermission("cases.read");
  return <ClientMessages namespaces={["cases"]}>{children}</ClientMessages>;
}
