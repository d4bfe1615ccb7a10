import type { ReactNode } from "react";
import { ClientMessages } from "@/lib/i18n/client-messages";

/** The home's client components read their own words and the controls' (state and switch names). */
export default function HomeLayout({ children }: { children: ReactNode }) {
  return <ClientMessages namespaces={["home", "controls"]}>{children}</ClientMessages>;
}
