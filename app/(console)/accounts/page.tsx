import { Placeholder } from "@/components/shell/placeholder";
import { requirePermission } from "@/lib/auth/page-guard";

export default async function Page() {
  await requirePermission("accounts.read");
  return <Placeholder title="shell.nav.accounts" what="shell.placeholder.accounts" issue={3} />;
}
