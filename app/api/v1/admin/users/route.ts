import { usersRoutes } from "@/lib/users/openapi";
import { apiRoute } from "@/lib/http/route";
import { createStaff, listStaff } from "@/lib/users/service";

/** The staff of the caller's organisation, newest first. */
export const GET = apiRoute(usersRoutes.list, async ({ actor, query }) => listStaff(actor, query));

/** A new staff member; the temporary password is in this answer only. */
export const POST = apiRoute(usersRoutes.create, async ({ actor, body }) =>
  createStaff(actor, body),
);
