import type { ReactNode } from "react";
import { requirePermission } from "@/lib/auth/page-guard";
import { ClientMessages } from "@/lib/i18n/client-messages";

// Checked here, above the loading boundary, so a role without access gets a real 404 status
// before anything streams. The pages check again with the actor they use.
export default async function AccountsLayout({ children }: { children: ReactNode }) {
  await requirePermission("accounts.read");
  return <ClientMessages namespaces={["accounts"]} groups={["cases.status", "cases.outcome"]}>{children}</ClientMessages>;
}
