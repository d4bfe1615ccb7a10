import { Placeholder } from "@/components/shell/placeholder";
import { requirePermission } from "@/lib/auth/page-guard";

export default async function Page() {
  await requirePermission("controls.read");
  return <Placeholder title="shell.nav.controls" what="shell.placeholder.controls" issue={3} />;
}
