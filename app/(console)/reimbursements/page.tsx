import { Placeholder } from "@/components/shell/placeholder";
import { requirePermission } from "@/lib/auth/page-guard";

export default async function Page() {
  await requirePermission("reimbursements.read");
  return <Placeholder title="shell.nav.reimbursements" what="shell.placeholder.reimbursements" />;
}
