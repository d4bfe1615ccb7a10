import { apiRoute, json } from "@/lib/http/route";
import { createStaffRequest, pageQuery } from "@/lib/users/schemas";
import { createStaff, listStaff } from "@/lib/users/service";

/** The staff of the caller's organisation, newest first. */
export const GET = apiRoute({ auth: "staff", query: pageQuery }, async ({ actor, query }) => listStaff(actor, query));

/** A new staff member; the temporary password is in this answer only. */
export const POST = apiRoute({ auth: "staff", body: createStaffRequest }, async ({ actor, body }) =>
  json(await createStaff(actor, body), 201, { "cache-control": "no-store" }),
);
