import fc from "fast-check";
import type { z } from "zod";
import type { RouteSpec } from "@/lib/openapi/spec";
import { declaredKeys, fromSchema, HOSTILE_STRINGS, hostileValue, type Draw } from "./arbitraries";

/** One fuzzed request to one operation, before a caller's credentials are added. */
export interface FuzzRequest {
  /** Path parameters as the router hands them to the handler (decoded). */
  params: Record<string, string>;
  /** The query string, with its "?" ("" for none). */
  search: string;
  /** null: no body at all. */
  body: { contentType: string | null; data: string | Uint8Array<ArrayBuffer> } | null;
}

/** The body limit of most routes is 256 KiB; this is past it. */
const OVERSIZED = 300 * 1024;

const encodeSegment = (s: string) => encodeURIComponent(s.toWellFormed());

function pathParam(name: string, known: string[], declared: z.ZodType | undefined): fc.Arbitrary<string> {
  return fc.oneof(
    ...(known.length ? [{ weight: 5, arbitrary: fc.constantFrom(...known) }] : []),
    // What the declaration's schema accepts (a well-formed id that names nothing, a bank code of no bank).
    ...(declared ? [{ weight: 2, arbitrary: fromSchema(declared).map((v) => (typeof v === "string" ? v : JSON.stringify(v) ?? "")) }] : []),
    { weight: 2, arbitrary: fc.uuid() },
    { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS.filter((s) => s !== "")).map((s) => s.toWellFormed()) },
    { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 30 }).map((s) => s.toWellFormed()) },
    // A real id of another kind, or with a letter changed.
    ...(known.length ? [{ weight: 1, arbitrary: fc.constantFrom(...known).map((s) => s.toUpperCase() + " ") }] : []),
  );
}

/** A value as it travels in a query string: text, one entry per element for an array. */
function queryValues(v: unknown): string[] {
  if (v === undefined) return [];
  if (Array.isArray(v)) return v.flatMap((x) => (x === undefined ? [] : [typeof x === "string" ? x : JSON.stringify(x) ?? ""]));
  if (typeof v === "string") return [v];
  return [JSON.stringify(v) ?? String(v)];
}

function toSearch(entries: [string, string][]): string {
  if (!entries.length) return "";
  const params = new URLSearchParams();
  for (const [k, v] of entries) params.append(k.toWellFormed(), v.toWellFormed());
  return `?${params}`;
}

function queryArb(route: RouteSpec, known: readonly string[]): fc.Arbitrary<string> {
  const keys = declaredKeys(route.query);
  const fromObject = (noise: number, poisonOnly = false) =>
    (route.query ? fromSchema(route.query, { noise, known, poisonOnly }) : fc.constant({})).map((q) =>
      Object.entries(typeof q === "object" && q !== null ? q : { q }).flatMap(([k, v]) => queryValues(v).map((x): [string, string] => [k, x])),
    );
  const name = keys.length ? fc.constantFrom(...keys) : fc.constantFrom("limit", "cursor", "q");
  return fc.oneof(
    { weight: 4, arbitrary: fromObject(0).map(toSearch) },
    { weight: 4, arbitrary: fromObject(0.25).map(toSearch) },
    { weight: 3, arbitrary: fromObject(0.5, true).map(toSearch) },
    // A declared parameter given twice, or with a hostile value, or beside unknown and prototype keys.
    {
      weight: 3,
      arbitrary: fc
        .tuple(fromObject(0), fc.array(fc.tuple(fc.oneof(name, fc.constantFrom("__proto__", "constructor", "x[]", "")), hostileValue), { minLength: 1, maxLength: 3 }))
        .map(([base, extra]) => toSearch([...base, ...extra.flatMap(([k, v]) => queryValues(v).map((x): [string, string] => [k, x]))])),
    },
    // Query strings no encoder writes.
    { weight: 1, arbitrary: name.chain((k) => fc.constantFrom(`?${k}=%ZZ`, `?${k}=%00`, `?${k}`, `?${k}=&${k}=`, `?${k}=%E0%A4%A`, `?=&&&${k}==`, `?${k}=${"9".repeat(400)}`)) },
  );
}

const JSON_TYPE = "application/json";

function bodyArb(route: RouteSpec, known: readonly string[]): fc.Arbitrary<FuzzRequest["body"]> {
  const valid: Draw = { noise: 0, known };
  const json = (arb: fc.Arbitrary<unknown>, type: string | null = JSON_TYPE) => arb.map((v) => ({ contentType: type, data: JSON.stringify(v) ?? "null" }));
  const raw = fc.constantFrom<FuzzRequest["body"]>(
    null,
    { contentType: JSON_TYPE, data: "" },
    { contentType: JSON_TYPE, data: "{" },
    { contentType: JSON_TYPE, data: "[1," },
    { contentType: JSON_TYPE, data: "{'a': 1}" },
    { contentType: JSON_TYPE, data: '{"a": 1,}' },
    { contentType: JSON_TYPE, data: "\u0000" },
    { contentType: JSON_TYPE, data: "\uFEFF{}" },
    { contentType: JSON_TYPE, data: "NaN" },
    { contentType: JSON_TYPE, data: '{"__proto__": {"admin": true}, "constructor": {"prototype": {"x": 1}}}' },
    { contentType: JSON_TYPE, data: Uint8Array.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) },
    { contentType: JSON_TYPE, data: `{"a": "${"x".repeat(OVERSIZED)}"}` },
    { contentType: "application/json; charset=utf-8", data: "{}" },
    { contentType: "application/merge-patch+json", data: "{}" },
  );
  const schema = route.body;
  const wrongType = fc.constantFrom(null, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonx", "application/xml");
  if (!schema) return fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: json(hostileValue) }, { weight: 1, arbitrary: raw });
  return fc.oneof(
    { weight: 5, arbitrary: json(fromSchema(schema, valid)) },
    { weight: 5, arbitrary: json(fromSchema(schema, { noise: 0.2, known })) },
    // Valid but for a bad character inside some text: reaches the service and the database.
    { weight: 4, arbitrary: json(fromSchema(schema, { noise: 0.5, known, poisonOnly: true })) },
    { weight: 2, arbitrary: json(hostileValue) },
    { weight: 1, arbitrary: fc.tuple(fromSchema(schema, valid), wrongType).map(([v, type]) => ({ contentType: type, data: JSON.stringify(v) ?? "" })) },
    { weight: 2, arbitrary: raw },
  );
}

/** Requests for one operation: its path parameters, query and body, from its declaration. */
export function requestArb(route: RouteSpec, pathValues: Record<string, string[]>): fc.Arbitrary<FuzzRequest> {
  const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const shape = (route.params as unknown as { shape?: Record<string, z.ZodType> } | undefined)?.shape ?? {};
  const params = fc.record(Object.fromEntries(names.map((n) => [n, pathParam(n, pathValues[n] ?? [], shape[n])])));
  const everyKnown = Object.values(pathValues).flat();
  // Building an arbitrary costs more than drawing from it: one per set of real path values, kept.
  const built = new Map<string, fc.Arbitrary<Omit<FuzzRequest, "params">>>();
  const rest = (p: Record<string, string>) => {
    // A body that names its path's row again (confirmBankCode) names it from the path first.
    const own = names.map((n) => p[n]!).filter((v) => pathValues[names.find((n) => p[n] === v)!]?.includes(v));
    const key = JSON.stringify(own);
    let arb = built.get(key);
    if (!arb) {
      const known = [...own, ...own, ...everyKnown];
      arb = fc.record({ search: queryArb(route, known), body: route.method === "get" ? fc.constant(null) : bodyArb(route, known) });
      built.set(key, arb);
    }
    return arb.map((r) => ({ ...r, params: p }));
  };
  return params.chain(rest);
}

/** The URL path of an operation with these parameters. */
export function concretePath(route: RouteSpec, params: Record<string, string>): string {
  return route.path.replace(/\{(\w+)\}/g, (_, n: string) => encodeSegment(params[n] ?? ""));
}

/** A short description of a request, for a failure message. */
export function describeRequest(route: RouteSpec, req: FuzzRequest): string {
  const cut = (s: string) => (s.length > 300 ? `${s.slice(0, 300)}… (${s.length} chars)` : s);
  const body = req.body === null ? "no body" : `${req.body.contentType ?? "no content-type"}: ${cut(typeof req.body.data === "string" ? req.body.data : `bytes ${Buffer.from(req.body.data).toString("hex")}`)}`;
  return `${route.method.toUpperCase()} ${cut(concretePath(route, req.params) + req.search)} with ${body}`;
}
