import { z } from "zod";

/**
 * A list item checked one by one by its service (an event, a batch's question: an invalid one is
 * reported in the answer, not refused with the whole body): the body's schema accepts anything for
 * it, and the document shows the item's own schema.
 */
export function checkedPerItem(item: z.ZodType): z.ZodUnknown {
  const json = z.toJSONSchema(item, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  delete json.$schema;
  const lenient = z.unknown().meta(json);
  ITEM_SCHEMAS.set(lenient, item);
  return lenient;
}

/** The item schema behind each checkedPerItem, for tools that draw valid items (the API fuzz). */
export const ITEM_SCHEMAS = new WeakMap<z.ZodType, z.ZodType>();
