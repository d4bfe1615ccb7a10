import type { ReactNode } from "react";
import { ClientMessages } from "@/lib/i18n/client-messages";

/** The audit page's client components get the audit messages (and the shared ones), nothing more. */
export default function AuditLayout({ children }: { children: ReactNode }) {
  return <ClientMessages namespaces={["audit"]}>{children}</ClientMessages>;
}
