import type { ReactNode } from "react";
import { ClientMessages } from "@/lib/i18n/client-messages";

/** The admin page's client components get the admin messages (and the shared ones), nothing more. */
export default function AdminLayout({ children }: { children: ReactNode }) {
  return <ClientMessages namespaces={["admin"]}>{children}</ClientMessages>;
}
