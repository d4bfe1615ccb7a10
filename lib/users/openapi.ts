import type { RouteSpec } from "@/lib/openapi/spec";
import {
  approveGrantRequest,
  cancelGrantRequest,
  grantsQuery,
  rejectGrantRequest,
  roleGrantList,
  roleGrantView,
} from "./schemas";
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
    summary: "Add a staff member with a temporary password (in this answer only); they change it and enrol TOTP at first sign-in. Manager and admin are not given at once: they become a role grant that a second administrator approves (`user.pendingGrant`). A used e-mail is 409 naming `email`",
    body: createStaffRequest,
    response: staffWithPassword,
    successStatus: 201,
  },
  {
    ...base,
    method: "patch",
    path: "/api/v1/admin/users/{userId}",
    summary: "Change roles and/or the display name. `roles` is the whole set: roles taken away go at once and end the person's sessions; bank_operator, investigator and auditor are added at once; manager and admin become a role grant waiting for a second administrator (`pendingGrant`; another admin's waiting grant that this would change is 409). One's own roles are refused (403 self_change_forbidden naming `roles`)",
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
  {
    ...base,
    method: "get",
    path: "/api/v1/admin/role-grants",
    summary:
      "Grants of manager or admin waiting for a second administrator, newest first: the organisation's own, and for the carrier's admins also those of banks with no other admin. status=all adds the latest decided ones (at most 100). Each says who may approve and whether the caller may",
    query: grantsQuery,
    response: roleGrantList,
  },
  {
    ...base,
    method: "post",
    path: "/api/v1/admin/role-grants/{grantId}/approve",
    summary:
      "Approve the reviewed revision of a role grant: the roles are added at once. Never the maker nor the grantee (403); an admin of the same organisation, or a carrier admin for a bank with no other admin. A grant revised or decided meanwhile is 409",
    bankScoped: true,
    body: approveGrantRequest,
    response: roleGrantView,
  },
  {
    ...base,
    method: "post",
    path: "/api/v1/admin/role-grants/{grantId}/reject",
    summary: "Reject a role grant: the person's roles stay as they are. The same people may reject as may approve",
    bankScoped: true,
    body: rejectGrantRequest,
    response: roleGrantView,
  },
  {
    ...base,
    method: "post",
    path: "/api/v1/admin/role-grants/{grantId}/cancel",
    summary: "The administrator who asked for a role grant withdraws it (anyone else: 403)",
    bankScoped: true,
    body: cancelGrantRequest,
    response: roleGrantView,
  },
];
