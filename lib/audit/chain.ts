import crypto from "node:crypto";

/** The first entry's predecessor. */
export const GENESIS_HASH = "0".repeat(64);

/** JSON with object keys sorted at every level: the same content always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(",")}}`;
}

/** What an entry's hash covers: everything but its sequence number and its own hash. */
export interface ChainedContent {
  at: Date;
  actorUserId: string | null;
  actorApiKeyId: string | null;
  actorLabel: string;
  orgId: string | null;
  bankId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
  ip: string | null;
  prevHash: string;
}

export function entryHash(c: ChainedContent): string {
  const text = canonicalJson({
    at: c.at.toISOString(),
    actorUserId: c.actorUserId,
    actorApiKeyId: c.actorApiKeyId,
    actorLabel: c.actorLabel,
    orgId: c.orgId,
    bankId: c.bankId,
    action: c.action,
    entityType: c.entityType,
    entityId: c.entityId,
    before: c.before ?? null,
    after: c.after ?? null,
    requestId: c.requestId,
    ip: c.ip,
    prevHash: c.prevHash,
  });
  return crypto.createHash("sha256").update(text).digest("hex");
}

/** Values as they come back from jsonb: dates as ISO strings, no undefined. */
export function jsonSafe(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}
