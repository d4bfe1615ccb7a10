import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openApiDocument, ROUTES } from "@/lib/openapi/document";
import { declaredProblems, undeclaredProblem } from "@/lib/openapi/problems";

const API_ROOT = path.join(process.cwd(), "app", "api", "v1");

/** Every (METHOD, path) that a route.ts under app/api/v1 exports. */
function routeFiles(): { method: string; path: string; file: string }[] {
  const out: { method: string; path: string; file: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name === "route.ts") {
        const rel = path.relative(API_ROOT, dir).split(path.sep).map((s) => s.replace(/^\[(\w+)\]$/, "{$1}"));
        const apiPath = ["/api/v1", ...rel].join("/").replace(/\/$/, "");
        const src = fs.readFileSync(p, "utf8");
        for (const m of src.matchAll(/export\s+(?:const|async function|function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g)) {
          out.push({ method: m[1]!.toLowerCase(), path: apiPath, file: path.relative(process.cwd(), p) });
        }
      }
    }
  };
  walk(API_ROOT);
  return out;
}

describe("the OpenAPI document", () => {
  it("lists every /api/v1 route handler, so the access matrix covers them all", () => {
    const listed = new Set(ROUTES.map((r) => `${r.method} ${r.path}`));
    const missing = routeFiles()
      .filter((r) => r.path !== "/api/v1/openapi.json")
      .filter((r) => !listed.has(`${r.method} ${r.path}`))
      .map((r) => `${r.method.toUpperCase()} ${r.path} (${r.file})`);
    expect(missing).toEqual([]);
  });

  it("lists no route that has no handler", () => {
    const handled = new Set(routeFiles().map((r) => `${r.method} ${r.path}`));
    expect(ROUTES.filter((r) => !handled.has(`${r.method} ${r.path}`)).map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it("declares a params schema for exactly the parameters each path names, so none is read raw", () => {
    const wrong = ROUTES.filter((r) => {
      const named = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
      const declared = r.params ? Object.keys((r.params as unknown as { shape: Record<string, unknown> }).shape ?? {}).sort() : [];
      return named.join() !== declared.join();
    });
    expect(wrong.map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it("is OpenAPI 3.1 with a problem+json error for every protected operation", () => {
    const doc = openApiDocument();
    expect(doc.openapi).toBe("3.1.0");
    for (const r of ROUTES) {
      const op = doc.paths[r.path]?.[r.method] as { responses: Record<string, unknown>; "x-permission"?: string };
      expect(op, `${r.method} ${r.path}`).toBeDefined();
      if (r.auth !== "public") expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(["401", "403"]));
      if (r.permission) expect(op["x-permission"]).toBe(r.permission);
    }
  });

  it("lists every problem each operation declares, by status, with its codes as the enum of `code` and each code's meaning", () => {
    const doc = openApiDocument();
    for (const r of ROUTES) {
      const op = doc.paths[r.path]?.[r.method] as { responses: Record<string, { description: string; content: Record<string, { schema: { allOf: { properties?: { code?: { enum: string[] } } }[] } }> }> };
      for (const [status, codes] of declaredProblems(r)) {
        const answer = op.responses[String(status)];
        expect(answer, `${r.method} ${r.path} ${status}`).toBeDefined();
        expect(answer!.content["application/problem+json"]!.schema.allOf[1]!.properties!.code!.enum.sort()).toEqual([...codes.keys()].sort());
        for (const code of codes.keys()) expect(answer!.description).toContain(`\`${code}\``);
      }
      const statuses = Object.keys(op.responses).filter((s) => Number(s) >= 400);
      expect(statuses.sort()).toEqual([...declaredProblems(r).keys()].map(String).sort());
    }
  });

  it("declares what the services throw: a conflict where a change can conflict, one's own account refused, the enrolment's one refusal", () => {
    const route = (method: string, path: string) => ROUTES.find((r) => r.method === method && r.path === path)!;
    expect(undeclaredProblem(route("post", "/api/v1/links/{linkId}/freeze"), 409, "conflict")).toBeNull();
    expect(undeclaredProblem(route("patch", "/api/v1/admin/users/{userId}"), 403, "self_change_forbidden")).toBeNull();
    expect(undeclaredProblem(route("post", "/api/v1/auth/enrolment"), 401, "invalid_credentials")).toBeNull();
    expect(undeclaredProblem(route("post", "/api/v1/control-requests"), 404, "not_found")).toBeNull();
    // Drift is named: a code the declaration does not list, a status it has none of.
    expect(undeclaredProblem(route("get", "/api/v1/controls"), 409, "conflict")).toMatch(/does not list \(no 409\)/);
    expect(undeclaredProblem(route("post", "/api/v1/links/{linkId}/freeze"), 403, "self_change_forbidden")).toMatch(/its 403s: forbidden/);
    expect(undeclaredProblem(route("get", "/api/v1/me"), 200, undefined)).toBeNull();
  });
});
