import { AppError, NotFound } from "@/lib/errors";
import ROUTE_FILES from "./api-methods.json";

/**
 * Which methods an /api path answers, from the route files themselves (lib/http/api-methods.json,
 * written by scripts/api-methods.mjs at build time), matched as Next matches them: a literal
 * segment before `[param]`, `[param]` before `[...rest]`. The proxy (proxy.ts) answers what no
 * route file would: an unknown path with a problem+json 404, a method its route file does not
 * export with a problem+json 405 and `Allow` (Next alone answers an HTML page and a bare 405).
 */
interface Node {
  literal: Map<string, Node>;
  param?: Node;
  rest?: Node;
  optionalRest?: Node;
  methods?: readonly string[];
}

const node = (): Node => ({ literal: new Map() });

function tableOf(routes: readonly { path: string; methods: readonly string[] }[]): Node {
  const root = node();
  for (const route of routes) {
    let at = root;
    for (const segment of route.path.split("/").filter(Boolean)) {
      if (segment.startsWith("[[...")) at = at.optionalRest ??= node();
      else if (segment.startsWith("[...")) at = at.rest ??= node();
      else if (segment.startsWith("[")) at = at.param ??= node();
      else at = at.literal.get(segment) ?? (at.literal.set(segment, node()), at.literal.get(segment)!);
    }
    // Next answers HEAD with GET, and OPTIONS with the methods a file exports.
    const methods = new Set(route.methods);
    if (methods.has("GET")) methods.add("HEAD");
    methods.add("OPTIONS");
    at.methods = [...methods].sort();
  }
  return root;
}

function find(at: Node, segments: readonly string[], i: number): readonly string[] | undefined {
  if (i === segments.length) return at.methods ?? at.optionalRest?.methods;
  const literal = at.literal.get(segments[i]!);
  const found = (literal && find(literal, segments, i + 1)) ?? (at.param && find(at.param, segments, i + 1));
  return found ?? at.rest?.methods ?? at.optionalRest?.methods;
}

const TABLE = tableOf(ROUTE_FILES);

/** The methods a path answers (with HEAD and OPTIONS as Next adds them), or undefined when no route file serves it. */
export function apiPathMethods(pathname: string): readonly string[] | undefined {
  return find(TABLE, pathname.split("/").filter(Boolean), 0);
}

/** What to answer a request no route file would take (a 404 or a 405 with `allow`), or null when one takes it. */
export function apiPathRefusal(method: string, pathname: string): { error: AppError; headers: Record<string, string> } | null {
  const methods = apiPathMethods(pathname);
  if (!methods) return { error: new NotFound(`endpoint: ${pathname} (the API is described at /api/v1/openapi.json)`), headers: {} };
  if (methods.includes(method)) return null;
  const allow = methods.join(", ");
  return { error: new AppError(405, "method_not_allowed", `${method} is not allowed here. Use ${allow}.`), headers: { allow } };
}
