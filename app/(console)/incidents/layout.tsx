import type { ReactNode } from "react";
import { requirePermission } from "@/lib/auth/page-guard";
import { ClientMessages } from "@/lib/i18n/client-messages";

// Checked here, above the loading boundary, so a role without access gets a real 404 status
// before anything streams. The pages check again with the actor they use. The controls' words
// name the control changes on an incident's page; the cases' status and outcome words its cases.
export default async function IncidentsLayout({ children }: { children: ReactNode }) {
  await requirePermission("cases.read");
  return <ClientMessages namespaces={["incidents", "controls"]} groups={["cases.status", "cases.outcome"]}>{children}</ClientMessages>;
}
