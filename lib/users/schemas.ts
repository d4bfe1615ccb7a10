import { z } from "zod";
import { APPROVAL_STATUSES } from "@/lib/approvals/states";
import { CURSOR_ERROR, cursorParam } from "@/lib/http/cursor";
import { DISPLAY_NAME_MAX, EMAIL_MAX, GRANT_BLOCKS, STAFF_ROLES, STAFF_STATUSES } from "./constants";

/**
 * The shapes the staff-administration routes, the OpenAPI document and the admin forms share.
 * Pure (no server-only, no drizzle): the client form parses with these same schemas.
 */
export { STAFF_ROLES, STAFF_STATUSES, EMAIL_MAX, DISPLAY_NAME_MAX, PRIVILEGED_ROLES, rolesInOrder, isPrivileged, GRANT_BLOCKS, type GrantBlock } from "./constants";

/**
 * The codes a refused staff field carries (problem+json `errors[field].code`, with zod's params);
 * the console words each in its own language (lib/i18n/messages/<lang>/errors.ts).
 */
export const STAFF_FIELD_ERRORS = {
  required: "required",
  email: "email",
  emailTooLong: "too_long",
  displayNameTooLong: "too_long",
  roles: "roles",
  unknownRole: "unknown_role",
  nothingToChange: "nothing_to_change",
  cursor: CURSOR_ERROR,
  limit: "limit",
} as const;

/**
 * Why a change was refused (409). Each rides in the problem's `errors` under the field it concerns
 * (email, roles, status), so the console shows it there in its own language.
 */
export const STAFF_CONFLICTS = {
  emailTaken: "Another staff member already uses this e-mail address.",
  selfDisable: "You cannot disable or enable your own account: ask another administrator.",
  selfRoles: "You cannot change your own roles: ask another administrator.",
  selfReset: "You cannot reset your own password or second factor here: ask another administrator.",
  lastAdmin: "The organisation would be left without an active administrator.",
  alreadyDisabled: "This person is already disabled.",
  alreadyActive: "This person is already active.",
} as const;

/** The field code of each refusal above. */
export const STAFF_CONFLICT_CODES = {
  emailTaken: "email_taken",
  selfDisable: "self_disable",
  selfRoles: "self_roles",
  selfReset: "self_reset",
  lastAdmin: "last_admin",
  alreadyDisabled: "already_disabled",
  alreadyActive: "already_active",
} as const satisfies Record<keyof typeof STAFF_CONFLICTS, string>;

/**
 * The machine code (problem+json `code`, 403) of a change an administrator tried on their own
 * account: their roles, their password or second factor, their status. Another administrator
 * makes such a change, so no one grants themselves a role or takes over a second factor alone.
 */
export const SELF_CHANGE_FORBIDDEN = "self_change_forbidden";

const E = STAFF_FIELD_ERRORS;

export const email = z
  .string({ error: E.required })
  .trim()
  .min(1, E.required)
  .max(EMAIL_MAX, E.emailTooLong)
  .pipe(z.email({ error: E.email }))
  // Sign-in looks e-mails up in lower case.
  .transform((s) => s.toLowerCase());

export const displayName = z.string({ error: E.required }).trim().min(1, E.required).max(DISPLAY_NAME_MAX, E.displayNameTooLong);

export const roles = z
  .array(z.enum(STAFF_ROLES, { error: E.unknownRole }), { error: E.roles })
  .min(1, E.roles)
  .max(STAFF_ROLES.length * 2, E.roles)
  .transform((rs) => STAFF_ROLES.filter((r) => rs.includes(r)));

export const createStaffRequest = z.object({ email, displayName, roles });
export type CreateStaffInput = z.input<typeof createStaffRequest>;

export const updateStaffRequest = z
  .object({ roles: roles.optional(), displayName: displayName.optional() })
  .refine((v) => v.roles !== undefined || v.displayName !== undefined, { message: E.nothingToChange, path: ["body"] });
export type UpdateStaffInput = z.input<typeof updateStaffRequest>;

export const resetPasswordRequest = z.object({
  /** Also clear the second factor: the user enrols a new authenticator at the next sign-in. */
  resetTotp: z.boolean({ error: "true or false." }).optional().default(false),
});
export type ResetPasswordInput = z.input<typeof resetPasswordRequest>;

/** Keyset paging shared by the staff and API-key lists. */
export const pageQuery = z.object({
  cursor: cursorParam,
  limit: z.coerce.number({ error: E.limit }).int(E.limit).min(1, E.limit).max(100, E.limit).optional(),
});
export type PageQuery = z.input<typeof pageQuery>;

/** A pending grant as the staff list shows it beside the person's roles. */
export const pendingGrant = z.object({
  id: z.string(),
  roles: z.array(z.enum(STAFF_ROLES)),
  revision: z.number().int(),
  requestedBy: z.string(),
  requestedAt: z.string(),
});

/** A credential reset waiting for a second administrator, as the staff list shows it. */
export const pendingReset = z.object({
  id: z.string(),
  resetTotp: z.boolean(),
  revision: z.number().int(),
  requestedBy: z.string(),
  requestedAt: z.string(),
});

export const staffMember = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(STAFF_ROLES)),
  status: z.enum(STAFF_STATUSES),
  /** The second factor is set up (TOTP confirmed). */
  enrolled: z.boolean(),
  mustChangePassword: z.boolean(),
  /** ISO 8601 (UTC) of the latest session, or null if the person never signed in. */
  lastSignInAt: z.string().nullable(),
  /** Sessions that would let a request through right now. */
  activeSessions: z.number().int(),
  createdAt: z.string(),
  /** True for the admin looking at the list. */
  isYou: z.boolean(),
  /** Roles granted but waiting for a second administrator (manager, admin), or null. */
  pendingGrant: pendingGrant.nullable(),
  /** A reset of their password (and second factor) waiting for a second administrator, or null. */
  pendingReset: pendingReset.nullable(),
});
export type StaffMember = z.output<typeof staffMember>;

export const staffPage = z.object({
  items: z.array(staffMember),
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type StaffPage = z.output<typeof staffPage>;

/** A temporary password travels in exactly one response and is never stored or logged in clear. */
export const staffWithPassword = z.object({
  user: staffMember,
  temporaryPassword: z.string(),
});
export type StaffWithPassword = z.output<typeof staffWithPassword>;

/**
 * The answer to a reset: the temporary password when it was done at once (someone without manager
 * or admin), or null when it waits for a second administrator (`user.pendingReset`): the approver
 * then receives the password, the maker never does.
 */
export const resetPasswordAnswer = z.object({
  user: staffMember,
  temporaryPassword: z.string().nullable(),
});
export type ResetPasswordAnswer = z.output<typeof resetPasswordAnswer>;

export const sessionsEnded = z.object({ user: staffMember, sessionsEnded: z.number().int() });
export type SessionsEnded = z.output<typeof sessionsEnded>;

// ---- Role grants (four-eyes) --------------------------------------------------------------------


export const GRANT_CONFLICTS = {
  pendingByOther: "Another administrator's grant for this person is waiting: approve or reject it first.",
  issuer:
    "You issued this person's current credentials (you created the account or received its last temporary password): two other administrators ask for and approve their manager or admin role.",
} as const;

/**
 * The machine code (problem+json `code`, 403) of a manager or admin grant asked for or approved by
 * the administrator who issued the person's current credentials (users.credentials_issued_by), or
 * approved while its maker is that administrator: whoever holds a person's temporary password could
 * be them, so they never take part in making them a manager or admin.
 */
export const CREDENTIAL_ISSUER_FORBIDDEN = "credential_issuer_forbidden";

const grantNote = z.string().trim().max(500, "At most 500 characters.").optional();

export const approveGrantRequest = z.object({
  /** The revision the approver reviewed: a grant revised since is a 409. */
  revision: z.number({ error: "The revision you reviewed." }).int().min(1),
  note: grantNote,
});
export const rejectGrantRequest = z.object({ revision: z.number().int().min(1).optional(), note: grantNote });
export const cancelGrantRequest = z.object({ note: grantNote });

export const grantsQuery = z.object({
  /** open (default): waiting for a decision; all: also the latest decided ones (at most 100). */
  status: z.enum(["open", "all"], { error: "open or all." }).optional().default("open"),
});

/**
 * What every staff request waiting for a second administrator shows (a role grant, a credential
 * reset): the person, the organisation, the maker, the decision, who may approve and whether the
 * viewer may. `blocks` are the area's reasons a viewer may not decide.
 */
function staffRequestView<B extends readonly [string, ...string[]]>(blocks: B) {
  return {
    id: z.string(),
    userId: z.string(),
    email: z.string(),
    displayName: z.string(),
    status: z.enum(APPROVAL_STATUSES),
    revision: z.number().int(),
    /** The person's organisation: a bank code, or null for the carrier. */
    bankCode: z.string().nullable(),
    orgNameJa: z.string(),
    orgNameEn: z.string(),
    requestedBy: z.object({ id: z.string(), name: z.string() }),
    requestedAt: z.string(),
    decidedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
    decidedAt: z.string().nullable(),
    decisionNote: z.string().nullable(),
    /**
     * Who may approve: another active admin of the same organisation (not the maker, not the
     * person), or the carrier's admins when a bank has none. `names` are those people.
     */
    approvers: z.object({ who: z.enum(["organisation", "carrier"]), names: z.array(z.string()) }),
    viewer: z.object({
      canApprove: z.boolean(),
      approveBlockedBy: z.enum(blocks).nullable(),
      canCancel: z.boolean(),
    }),
  };
}

export const roleGrantView = z.object({
  ...staffRequestView(GRANT_BLOCKS),
  /** The roles this grant adds. */
  roles: z.array(z.enum(STAFF_ROLES)),
  /** The person's roles now (without the grant until it is applied). */
  currentRoles: z.array(z.enum(STAFF_ROLES)),
});
export type RoleGrantView = z.output<typeof roleGrantView>;

export const roleGrantList = z.object({ grants: z.array(roleGrantView) });
export type RoleGrantList = z.output<typeof roleGrantList>;

// ---- Credential resets (four-eyes) --------------------------------------------------------------

/**
 * Why the viewer may not decide a credential reset (a code the console translates): the common
 * ones, a role without users.manage, a reset of one's own account, or a bank whose own admin decides.
 */
export const RESET_BLOCKS = ["api_key", "not_admin", "own_request", "not_pending", "own_account", "needs_org_admin"] as const;
export type ResetBlock = (typeof RESET_BLOCKS)[number];

export const RESET_CONFLICTS = {
  pendingByOther: "Another administrator's reset for this person is waiting: approve or reject it first.",
} as const;

export const credentialResetView = z.object({
  ...staffRequestView(RESET_BLOCKS),
  /** The person's roles now (the reason the reset waits: manager or admin, held or being granted). */
  currentRoles: z.array(z.enum(STAFF_ROLES)),
  /** Also forget the second factor: the person enrols a new authenticator. */
  resetTotp: z.boolean(),
});
export type CredentialResetView = z.output<typeof credentialResetView>;

export const credentialResetList = z.object({ resets: z.array(credentialResetView) });
export type CredentialResetList = z.output<typeof credentialResetList>;

/** The approver's answer: the temporary password, in this answer only, to hand to the person. */
export const approvedReset = z.object({ reset: credentialResetView, temporaryPassword: z.string() });
export type ApprovedReset = z.output<typeof approvedReset>;
