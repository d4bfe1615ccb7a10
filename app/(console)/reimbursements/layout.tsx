import type { ReactNode } from "react";
import { requirePermission } from "@/lib/auth/page-guard";
import { ClientMessages } from "@/lib/i18n/client-messages";

// Checked here, above the loading boundary, so a role without access gets a real 404 status before anything streams.
export default async function ReimbursementsLayout({ children }: { children: ReactNode }) {
  await requirePermission("reimbursements.read");
  return <ClientMessages namespaces={["reimbursements"]}>{children}</ClientMessages>;
}
