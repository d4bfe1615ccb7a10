import { Placeholder } from "@/components/shell/placeholder";
import { requirePermission } from "@/lib/auth/page-guard";

export default async function Page() {
  await requirePermission("cases.read");
  return <Placeholder title="shell.nav.cases" what="shell.placeholder.cases" />;
}
