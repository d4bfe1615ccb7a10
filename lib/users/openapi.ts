import type { RouteSpec } from "@/lib/openapi/spec";
import { createStaffRequest, pageQuery, resetPasswordRequest, sessionsEnded, staffMember, staffPage, staffWithPassword, updateStaffRequest } from "./schemas";

const base = { tag: "admin", auth: "staff", permission: "users.manage" } as const;

export const usersRoutes: RouteSpec[] = [
  {
    ...base,
    method: "get",
    path: "/api/v1/admin/users",
    summary: "The staff of the caller's organisation, newest first; keyset pages (pass nextCursor as cursor), no total",
    query: pageQuery,
    response: staffPage,
  },
  {
    ...base,
    method: "post",
    path: "/api/v1/admin/users",
    summary: "Add a staff member with a temporary password (in this answer only); they change it and enrol TOTP at first sign-in. A used e-mail is 409 naming `email`",
    body: createStaffRequest,
    response: staffWithPassword,
    successStatus: 201,
  },
  {
    ...base,
    method: "patch",
    path: "/api/v1/admin/users/{userId}",
    summary: "Change roles and/or the display name. New roles end the person's open sessions. One's own roles are refused (403 self_change_forbidden naming `roles`)",
    bankScoped: true,
    body: updateStaffRequest,
    response: staffMember,
  },
  {
    ...base,
    method: "post",
    path: "/api/v1/admin/users/{userId}/disable",
    summary: "Disable a staff member and end all their sessions (not the last active admin; oneself is 403 self_change_forbidden)",
    bankScoped: true,
    response: sessionsEnded,
  },
  {
    ...base,
    method: "post",
    path: "/api/v1/admin/users/{userId}/enable",
    summary: "Enable a disabled staff member again (oneself is 403 self_change_forbidden)",
    bankScoped: true,
    response: staffMember,
  },
  {
    ...base,
    method: "post",
    path: "/api/v1/admin/users/{userId}/end-sessions",
    summary: "End every open session of a staff member",
    bankScoped: true,
    response: sessionsEnded,
  },
  {
    ...base,
    method: "post",
    path: "/api/v1/admin/users/{userId}/reset-password",
    summary: "A new temporary password (in this answer only), to be changed at next sign-in; optionally clears TOTP so they enrol again. Ends their sessions. Oneself is 403 self_change_forbidden naming `password`",
    bankScoped: true,
    body: resetPasswordRequest,
    response: staffWithPassword,
  },
];
