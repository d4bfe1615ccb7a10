import { Placeholder } from "@/components/shell/placeholder";
import { requirePermission } from "@/lib/auth/page-guard";

export default async function Page() {
  await requirePermission("analytics.read");
  return <Placeholder title="shell.nav.analytics" what="shell.placeholder.analytics" />;
}
