import { z } from "zod";
import { fieldError, fieldErrorsSchema, type FieldErrors } from "@/lib/errors";
import { zodFieldErrors } from "@/lib/http/problem";
import { KATAKANA_NAME } from "@/lib/kana";
import { checkedPerItem } from "@/lib/openapi/items";
import { amountYen, bankCode, closedObject, verification, walletId } from "@/lib/decisions/schemas";

export const MAX_EVENTS = 1_000;
/** Events from before this or more than a day ahead are refused as absurd. */
const EARLIEST = Date.UTC(2000, 0, 1);
const DAY = 86_400_000;

const expect = (what: string) => ({ error: (i: { input: unknown }) => (i.input === undefined ? "Required." : what) });
/** A JSON object with exactly these fields; unknown ones are named in the error. */
const strict = <S extends z.ZodRawShape>(shape: S) => z.strictObject(shape, closedObject);

export const eventId = z
  .string(expect("A string."))
  .min(1, "Required.")
  .max(128, "At most 128 characters.")
  .regex(/^[\x21-\x7e]+$/, "Printable ASCII without spaces.");

const instant = z
  .string(expect("An ISO 8601 date-time with offset."))
  .refine((v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(v) && !Number.isNaN(Date.parse(v)), "An ISO 8601 date-time with offset.")
  .transform((v) => new Date(v))
  .refine((d) => d.getTime() >= EARLIEST && d.getTime() <= Date.now() + DAY, "Not a plausible time (after 2000, at most a day ahead).");

const branchCode = z.string(expect("Three digits.")).regex(/^[0-9]{3}$/, "Three digits.");
const accountNumber = z.string(expect("Seven digits.")).regex(/^[0-9]{7}$/, "Seven digits.");
const accountType = z.enum(["ordinary", "current", "savings"], expect("One of ordinary, current, savings."));
const merchantCategory = z.enum(["convenience_store", "home_appliances", "online", "other"], expect("One of convenience_store, home_appliances, online, other."));
const linkId = z.uuid("A link id (UUID).");

/** The platform's identifier of the phone or browser the link was made from (opaque to us). */
const deviceId = z
  .string(expect("A string."))
  .min(1, "Required.")
  .max(128, "At most 128 characters.")
  .regex(/^[\x21-\x7e]+$/, "Printable ASCII without spaces.")
  .meta({ description: "The wallet platform's identifier of the device the link was made from (opaque; up to 128 printable ASCII characters)." });

/** Stored as inet: IPv4 dotted quad or IPv6, without a prefix length. */
const ipAddress = z
  .string(expect("An IPv4 or IPv6 address."))
  .max(45, "An IPv4 or IPv6 address.")
  .refine((v) => z.ipv4().safeParse(v).success || z.ipv6().safeParse(v).success, "An IPv4 or IPv6 address.")
  .meta({ description: "The address the link was made from: IPv4 (203.0.113.7) or IPv6 (2001:db8::7).", examples: ["203.0.113.7"] });

/**
 * How an event names its link: the id we returned for link_created, or the account (bank, branch,
 * number), which resolves to that wallet's latest link of the account.
 */
const linkRef = {
  linkId: linkId.optional(),
  bankCode: bankCode.optional(),
  branchCode: branchCode.optional(),
  accountNumber: accountNumber.optional(),
};

type RefFields = { linkId?: string; bankCode?: string; branchCode?: string; accountNumber?: string };

function refCheck(required: boolean) {
  return (e: RefFields, ctx: z.RefinementCtx) => {
    if (e.linkId) return;
    const parts = [e.bankCode, e.branchCode, e.accountNumber];
    if (parts.every((p) => p === undefined)) {
      if (required) ctx.addIssue({ code: "custom", path: ["linkId"], message: "Name the link: linkId, or bankCode, branchCode and accountNumber." });
      return;
    }
    for (const f of ["bankCode", "branchCode", "accountNumber"] as const) {
      if (e[f] === undefined) ctx.addIssue({ code: "custom", path: [f], message: "Required with the other account fields." });
    }
  };
}

const base = { eventId, walletId };

export const linkCreated = strict({
  ...base,
  type: z.literal("link_created"),
  /** Needed when the wallet is new to us. */
  email: z.email("An e-mail address.").max(254, "At most 254 characters.").optional(),
  bankCode,
  branchCode,
  accountType: accountType.default("ordinary"),
  accountNumber,
  holderNameKana: z
    .string(expect("Katakana."))
    .min(1, "Required.")
    .max(100, "At most 100 characters.")
    .regex(KATAKANA_NAME, "Half- or full-width katakana."),
  verification,
  linkedAt: instant,
  /** Where the link was made from: related cases and the multi-bank rule match on these. */
  deviceId: deviceId.optional(),
  ipAddress: ipAddress.optional(),
});

export const linkRemoved = strict({ ...base, type: z.literal("link_removed"), ...linkRef, occurredAt: instant }).superRefine(refCheck(true));

export const charge = strict({ ...base, type: z.literal("charge"), ...linkRef, amountYen, occurredAt: instant }).superRefine(refCheck(true));

export const payment = strict({
  ...base,
  type: z.literal("payment"),
  ...linkRef,
  amountYen,
  merchantName: z.string(expect("A string.")).min(1, "Required.").max(200, "At most 200 characters."),
  merchantCategory,
  occurredAt: instant,
}).superRefine(refCheck(false));

export const transfer = strict({ ...base, type: z.literal("transfer"), ...linkRef, amountYen, occurredAt: instant }).superRefine(refCheck(false));

export const EVENT_TYPES = ["link_created", "link_removed", "charge", "payment", "transfer"] as const;
export type EventType = (typeof EVENT_TYPES)[number];

const byType = { link_created: linkCreated, link_removed: linkRemoved, charge, payment, transfer } as const;

/** One event, for the OpenAPI document (the route checks each item on its own with parseEvent). */
export const walletEvent = z.union([linkCreated, linkRemoved, charge, payment, transfer]);

export type LinkCreated = z.output<typeof linkCreated>;
export type WalletEvent = z.output<typeof walletEvent>;

/** Parses one item; the union's errors would name every branch, this names the item's own. */
export function parseEvent(raw: unknown): { ok: true; event: WalletEvent } | { ok: false; errors: FieldErrors } {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return { ok: false, errors: { body: fieldError("invalid_type", { expected: "object" }) } };
  const type = (raw as { type?: unknown }).type;
  const schema = typeof type === "string" ? byType[type as EventType] : undefined;
  if (!schema) return { ok: false, errors: { type: type === undefined ? fieldError("required") : fieldError("invalid_value", { values: EVENT_TYPES.join(", ") }) } };
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, event: parsed.data };
  return { ok: false, errors: zodFieldErrors(parsed.error) };
}

export const eventsBatch = strict({
  events: z.array(checkedPerItem(walletEvent), { error: "A list of events." }).min(1, "At least one event.").max(MAX_EVENTS, "At most 1,000 events."),
});

/**
 * Why an item was refused, as a machine code: `invalid` (its shape: see `errors`), or what it names
 * that cannot be found: `unknown_bank` (or another bank than the key's), `unknown_wallet`,
 * `email_required` (a link for a wallet new to us), `unknown_link`, `link_of_another_wallet`,
 * `no_link_to_account` (the wallet has no link to the account named), `no_link_at_bank` (a payment
 * or transfer naming no link, for a wallet with no link at the bank: nothing is stored without one).
 */
export const EVENT_REFUSALS = ["invalid", "unknown_bank", "unknown_wallet", "email_required", "unknown_link", "link_of_another_wallet", "no_link_to_account", "no_link_at_bank"] as const;
export type EventRefusal = (typeof EVENT_REFUSALS)[number];

export const eventResult = z.object({
  index: z.number().int(),
  eventId: z.string().nullable(),
  status: z.enum(["stored", "duplicate", "invalid"]),
  /** For a stored link_created: the id to name the link by in later events. */
  linkId: z.string().optional(),
  /** For an invalid item: why, as a machine code. */
  code: z.enum(EVENT_REFUSALS).optional(),
  errors: fieldErrorsSchema.optional(),
});

export const eventsResponse = z.object({
  stored: z.number().int(),
  duplicates: z.number().int(),
  invalid: z.number().int(),
  results: z.array(eventResult),
});

export type EventResult = z.output<typeof eventResult>;
