import { PERMISSIONS, can, type Permission } from "@/lib/auth/policy";
import { authRoutes } from "@/lib/auth/openapi";
import { apiRoute } from "@/lib/http/route";

/** Who the caller is, and what their roles allow. */
export const GET = apiRoute(authRoutes.me, async ({ actor }) => ({
  userId: actor.userId,
  email: actor.email,
  displayName: actor.displayName,
  roles: actor.roles,
  organisation: { id: actor.orgId, kind: actor.orgKind, nameJa: actor.orgNameJa, nameEn: actor.orgNameEn, bankCode: actor.bankCode },
  permissions: (Object.keys(PERMISSIONS) as Permission[]).filter((p) => can(actor, p)),
}));
