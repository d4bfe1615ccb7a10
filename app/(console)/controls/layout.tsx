import type { ReactNode } from "react";
import { requirePermission } from "@/lib/auth/page-guard";

// Checked here, above the loading boundary of the board ((board)/loading.tsx), so a role without access gets a real 404 status
// before anything streams. The pages check again with the actor they use.
export default async function ControlsLayout({ children }: { children: ReactNode }) {
  await requirePermission("controls.read");
  return children;
}
