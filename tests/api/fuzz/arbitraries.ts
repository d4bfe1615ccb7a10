import fc from "fast-check";
import type { z } from "zod";
import { ITEM_SCHEMAS } from "@/lib/openapi/items";

/**
 * fast-check arbitraries for the /api/v1 fuzz (tests/api/fuzz.test.ts): values derived from a
 * route's own zod schemas (what a careful client would send), with hostile values mixed in at the
 * leaves, and hostile values on their own.
 */

// ---- Hostile values ----------------------------------------------------------------------------

/** Strings that have broken servers before: size, encoding, injection, prototype keys, odd numbers. */
export const HOSTILE_STRINGS: readonly string[] = [
  "",
  " ",
  "\t\n\r",
  "\u0000",
  "a\u0000b",
  "\uD800",
  "\uDFFF\uD800",
  "\uFEFF",
  "\u202Eevil",
  "e\u0301",
  "ｶﾞ",
  "ガ",
  "０１０１",
  "🏦💴",
  "𠮷野家",
  "x".repeat(10_000),
  "' OR '1'='1",
  "'; drop table users; --",
  '"',
  "\\",
  "%",
  "_",
  "%00",
  "%ZZ",
  "../../etc/passwd",
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "${7*7}{{7*7}}",
  "%s%n%x",
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "null",
  "undefined",
  "true",
  "[]",
  "{}",
  "NaN",
  "Infinity",
  "-Infinity",
  "-0",
  "0x10",
  "0b101",
  "0o17",
  "1e3",
  "1e309",
  "1_000",
  " 7 ",
  "1.5",
  "-1",
  "0",
  "9007199254740993",
  "99999999999999999999999999",
  "٣",
  "１",
  "00000000-0000-0000-0000-000000000000",
  "ffffffff-ffff-ffff-ffff-ffffffffffff",
  "12345678-1234-1234-1234-1234567890ab",
  "2020-02-30T25:61:00Z",
  "0000-01-01T00:00:00Z",
  "275760-09-13T00:00:00.001Z",
];

/** Numbers at the edges (JSON can carry each of these). */
export const HOSTILE_NUMBERS: readonly number[] = [0, -0, -1, 1.5, -1.5, 1e-300, 1e308, -1e308, 2 ** 31, -(2 ** 31), 2 ** 53 + 2, 2 ** 63, -(2 ** 63), Number.MAX_SAFE_INTEGER];

const hostileString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
);

const hostileNumber = fc.oneof(fc.constantFrom(...HOSTILE_NUMBERS), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer());

/** A deeply nested value (parsers that recurse without a bound fall over on these). */
const deep = fc.integer({ min: 50, max: 2_000 }).map((depth) => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
});

/** A value of any shape: scalars, hostile strings and numbers, arrays, objects with prototype keys. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 2, arbitrary: hostileNumber },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, true, false, [], {}, [null], JSON.parse('{"__proto__": {"isAdmin": true}}')) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom("__proto__", "constructor", "prototype", "toString", "valueOf", "a"), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }) },
  { weight: 1, arbitrary: deep },
);

// ---- From zod schemas --------------------------------------------------------------------------

/** The parts of zod 4's internals this file reads (stable across 4.x: `_zod.def`). */
interface ZodDef {
  type: string;
  coerce?: boolean;
  /** On a check, or on a string format schema (z.email()). */
  check?: string;
  format?: string;
  pattern?: RegExp;
  minimum?: number | bigint;
  maximum?: number | bigint;
  length?: number;
  value?: number | bigint;
  inclusive?: boolean;
  checks?: { _zod: { def: ZodDef } }[];
  innerType?: ZodLike;
  in?: ZodLike;
  out?: ZodLike;
  element?: ZodLike;
  shape?: Record<string, ZodLike>;
  options?: ZodLike[];
  items?: ZodLike[];
  keyType?: ZodLike;
  valueType?: ZodLike;
  entries?: Record<string, string | number>;
  values?: unknown[];
  left?: ZodLike;
  right?: ZodLike;
  getter?: () => ZodLike;
}
interface ZodInternals {
  _zod: { def: ZodDef; optin?: "optional" };
}
type ZodLike = z.ZodType | ZodInternals;

const internals = (s: ZodLike) => (s as unknown as ZodInternals)._zod;

/** What a schema's checks say about its values: bounds, format, pattern. */
interface Facts {
  min?: number;
  max?: number;
  exclusiveMin?: boolean;
  exclusiveMax?: boolean;
  format?: string;
  pattern?: RegExp;
}

function factsOf(def: ZodDef): Facts {
  const facts: Facts = {};
  for (const c of [def, ...(def.checks ?? []).map((x) => x._zod.def)]) {
    switch (c.check) {
      case "min_length":
      case "min_size":
        facts.min = Math.max(facts.min ?? 0, Number(c.minimum));
        break;
      case "max_length":
      case "max_size":
        facts.max = Math.min(facts.max ?? Infinity, Number(c.maximum));
        break;
      case "length_equals":
        facts.min = facts.max = Number(c.length);
        break;
      case "string_format":
        if (c.format && c.format !== "regex") facts.format = c.format;
        else facts.pattern ??= c.pattern;
        break;
      case "number_format":
        facts.format = c.format;
        break;
      case "greater_than":
        facts.min = Number(c.value);
        facts.exclusiveMin = !c.inclusive;
        break;
      case "less_than":
        facts.max = Number(c.value);
        facts.exclusiveMax = !c.inclusive;
        break;
    }
  }
  return facts;
}

/** Long enough to pass any minimum and to reach a maximum, short enough to keep runs quick. */
const LONGEST_GENERATED = 64;
const DAY = 86_400_000;

/** Instants a service accepts as plausible: around now mostly, sometimes anywhere in 2000-2040. */
const instant = fc.oneof(
  fc.integer({ min: -30 * DAY, max: 30 * DAY }).map((ms) => new Date(Date.now() + ms)),
  fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2040-01-01T00:00:00Z"), noInvalidDate: true }),
);
const isoInstant = instant.map((d) => d.toISOString());
const isoDate = instant.map((d) => d.toISOString().slice(0, 10));
/** Addresses every validator accepts (fc.emailAddress's RFC corner cases are refused by zod's). */
const email = fc.stringMatching(/^[a-z][a-z0-9]{0,10}(\.[a-z0-9]{1,5})?@[a-z]{2,10}\.(demo|example|jp)$/);
const katakana = fc.stringMatching(/^[ァ-ヶー]{1,10}$/);

/**
 * Text shaped like what free-text fields of this domain hold, for fields whose shape only a refine
 * knows (an event's time, a wallet's e-mail): instants, dates, ids, digits, katakana.
 */
const plausibleText = fc.oneof(isoInstant, isoDate, fc.uuid(), email, katakana, fc.stringMatching(/^[0-9]{1,7}$/), fc.string({ minLength: 5, maxLength: 40 }));

/** Shapes a pattern may describe, tried before generating from the pattern itself. */
const SHAPES: [string, fc.Arbitrary<string>][] = [
  ["2020-09-14", isoDate],
  ["2020-09-14T07:00:00.000Z", isoInstant],
];

function stringArb(facts: Facts): fc.Arbitrary<string> {
  switch (facts.format) {
    case "email":
      return email;
    case "uuid":
    case "guid":
      return fc.uuid();
    case "datetime":
      return isoInstant;
    case "date":
      return isoDate;
    case "url":
      return fc.webUrl();
  }
  const min = facts.min ?? 0;
  const max = Math.max(min, Math.min(facts.max ?? LONGEST_GENERATED, LONGEST_GENERATED));
  const fits = (s: string) => s.length >= min && s.length <= (facts.max ?? Infinity);
  if (facts.pattern) {
    const pattern = facts.pattern;
    const shape = SHAPES.find(([sample]) => pattern.test(sample));
    return shape ? shape[1].filter((s) => pattern.test(s)) : fc.stringMatching(pattern).filter(fits);
  }
  return fc.oneof(fc.string({ minLength: min, maxLength: max }), fc.string({ unit: "grapheme", minLength: min, maxLength: max }), plausibleText.filter(fits));
}

function numberArb(facts: Facts): fc.Arbitrary<number> {
  const integer = facts.format === "safeint" || facts.format === "int32" || facts.format === "uint32";
  if (integer) {
    const lo = facts.min === undefined ? -1_000_000 : Math.ceil(facts.min + (facts.exclusiveMin ? 1 : 0));
    const hi = facts.max === undefined ? lo + 2_000_000 : Math.floor(facts.max - (facts.exclusiveMax ? 1 : 0));
    return fc.integer({ min: Math.max(lo, Number.MIN_SAFE_INTEGER), max: Math.min(Math.max(lo, hi), Number.MAX_SAFE_INTEGER) });
  }
  return fc.double({ min: facts.min ?? -1e9, max: facts.max ?? 1e9, minExcluded: facts.exclusiveMin, maxExcluded: facts.exclusiveMax, noNaN: true });
}

/** How fromSchema draws: how often a leaf turns hostile, and values that name real rows. */
export interface Draw {
  /** The chance that a leaf is replaced by a hostile value or poisoned (0: valid-ish only). */
  noise: number;
  /**
   * Values that exist in the world under test (bank codes, ids): a string field that may hold one
   * gets one now and then, so requests get past "not found" to the rules behind it.
   */
  known: readonly string[];
  /** Leaves turn only poisoned (valid text with a bad character inside), never another shape. */
  poisonOnly?: boolean;
}

/** Characters that text columns, SQL and HTML have choked on, put inside an otherwise valid string. */
const POISON = ["\u0000", "\u0000", "\uD800", "'", '"', "\\", "%", "_", "<", "\u202E", "\r\n"];

function poisoned(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.tuple(valid, fc.constantFrom(...POISON), fc.nat()).map(([v, bad, at]) => {
    if (typeof v !== "string") return v;
    const i = v.length ? at % v.length : 0;
    return v.slice(0, i) + bad + v.slice(i);
  });
}

/** Small numbers first: revisions, counts and limits that mean something are small. */
function smallFirst(arb: fc.Arbitrary<number>, facts: Facts): fc.Arbitrary<number> {
  const integer = facts.format === "safeint" || facts.format === "int32" || facts.format === "uint32";
  if (!integer) return arb;
  const lo = facts.min === undefined ? 0 : Math.ceil(facts.min + (facts.exclusiveMin ? 1 : 0));
  const hi = Math.min(lo + 5, facts.max === undefined ? Infinity : Math.floor(facts.max - (facts.exclusiveMax ? 1 : 0)));
  return hi >= lo ? fc.oneof(fc.integer({ min: lo, max: hi }), arb) : arb;
}

/**
 * Values for `schema`'s input: what a client that read the OpenAPI document would send, except that
 * each leaf turns hostile with probability `draw.noise`.
 */
export function fromSchema(schema: ZodLike, draw: Draw = { noise: 0, known: [] }): fc.Arbitrary<unknown> {
  const { noise } = draw;
  const leaf = (valid: fc.Arbitrary<unknown>) =>
    noise <= 0
      ? valid
      : draw.poisonOnly
        ? fc.oneof({ weight: Math.round((1 - noise) * 100), arbitrary: valid }, { weight: Math.round(noise * 100), arbitrary: poisoned(valid) })
        : fc.oneof(
            { weight: Math.round((1 - noise) * 100), arbitrary: valid },
            { weight: Math.round((noise / 2) * 100), arbitrary: hostileValue },
            { weight: Math.round((noise / 2) * 100), arbitrary: poisoned(valid) },
          );
  const inner = (s: ZodLike) => fromSchema(s, draw);
  const def = internals(schema).def;
  switch (def.type) {
    case "string": {
      const facts = factsOf(def);
      const fits = draw.known.filter((k) => (!facts.pattern || facts.pattern.test(k)) && k.length >= (facts.min ?? 0) && k.length <= (facts.max ?? Infinity));
      const usable = facts.format === "uuid" || facts.format === "guid" ? fits.filter((k) => /^[0-9a-f-]{36}$/i.test(k)) : facts.format ? [] : fits;
      return leaf(usable.length ? fc.oneof(stringArb(facts), fc.constantFrom(...usable)) : stringArb(facts));
    }
    case "number": {
      const facts = factsOf(def);
      const n = smallFirst(numberArb(facts), facts);
      // A coerced number (a query's limit) arrives as text; either form is fine for JSON.
      return leaf(def.coerce ? n.chain((x) => fc.constantFrom<unknown>(x, String(x))) : n);
    }
    case "bigint":
      return leaf(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String));
    case "boolean":
      return leaf(fc.boolean());
    case "date":
      return leaf(isoInstant);
    case "enum":
      return leaf(fc.constantFrom(...Object.values(def.entries ?? {})));
    case "literal":
      return leaf(fc.constantFrom(...(def.values ?? [null])));
    case "null":
      return leaf(fc.constant(null));
    case "undefined":
    case "void":
      return fc.constant(undefined);
    case "optional":
    case "default":
    case "prefault":
      return fc.option(inner(def.innerType!), { nil: undefined, freq: 4 });
    case "nullable":
      return fc.option(inner(def.innerType!), { nil: null, freq: 4 });
    case "catch":
    case "readonly":
    case "nonoptional":
    case "success":
      return inner(def.innerType!);
    case "pipe":
      // The narrower side says what to send: the schema after a check (`.pipe(z.email())`) or after
      // z.preprocess's function; the one before a `.transform()`.
      return inner(internals(def.out!).def.type === "transform" ? def.in! : def.out!);
    case "lazy":
      return inner(def.getter!());
    case "object": {
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      const required: string[] = [];
      for (const [key, field] of Object.entries(def.shape ?? {})) {
        // An instant whose shape only a refine knows (an event's occurredAt) is named like one.
        model[key] = /[a-z]At$/.test(key) ? fc.oneof(leaf(isoInstant), inner(field)) : inner(field);
        if (internals(field).optin !== "optional") required.push(key);
      }
      return fc.record(model, { requiredKeys: required });
    }
    case "array": {
      const facts = factsOf(def);
      const min = facts.min ?? 0;
      const max = Math.max(min, Math.min(facts.max ?? 4, 4));
      return leaf(fc.array(inner(def.element!), { minLength: min, maxLength: max }));
    }
    case "tuple":
      return leaf(fc.tuple(...(def.items ?? []).map(inner)));
    case "union":
      return fc.oneof(...(def.options ?? []).map(inner));
    case "intersection":
      return fc.tuple(inner(def.left!), inner(def.right!)).map(([a, b]) => (isPlainObject(a) && isPlainObject(b) ? { ...a, ...b } : a));
    case "record":
      return leaf(fc.dictionary(fromSchema(def.keyType!, { ...draw, noise: 0 }).map(String), inner(def.valueType!), { maxKeys: 4 }));
    default: {
      // A list item its service checks one by one (lib/openapi/items.ts): drawn from its own schema.
      const item = ITEM_SCHEMAS.get(schema as z.ZodType);
      if (item) return fc.oneof({ weight: 3, arbitrary: inner(item) }, { weight: 1, arbitrary: hostileValue });
      // any, unknown, transform, custom: nothing to derive from, so anything JSON can carry.
      return hostileValue;
    }
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The keys an object schema declares (a query's parameter names), or none. */
export function declaredKeys(schema: ZodLike | undefined): string[] {
  if (!schema) return [];
  const def = internals(schema).def;
  if (def.type === "object") return Object.keys(def.shape ?? {});
  if (def.type === "pipe") return declaredKeys(def.in);
  if (def.innerType) return declaredKeys(def.innerType);
  return [];
}
