#!/usr/bin/env node
/**
 * Writes lib/http/api-methods.json: every route file under app/api with the HTTP methods it
 * exports, read from the files themselves. The proxy (proxy.ts, through lib/http/api-paths.ts)
 * answers an unknown /api path with a problem+json 404 and a method a route does not export with a
 * problem+json 405 naming the methods it does (Next alone answers an HTML page and a bare 405).
 * `npm run build` runs it first; tests/api/api-paths.test.ts fails when the file is out of date.
 *
 *   node scripts/api-methods.mjs          write the file
 *   node scripts/api-methods.mjs --print  print what it would write
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const API_METHODS_FILE = path.join(root, "lib", "http", "api-methods.json");
const EXPORTED = /export\s+(?:const|let|async\s+function|function)\s+(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)\b|export\s+const\s*\{([^}]*)\}/g;
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/**
 * Route files under app/api as `{ path, methods }`, path in Next's spelling (`/api/v1/links/[linkId]`),
 * sorted by path. Route groups `(name)` are not part of the path.
 * @returns {{ path: string; methods: string[] }[]}
 */
export function apiMethods() {
  /** @type {{ path: string; methods: string[] }[]} */
  const out = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/^route\.(ts|js|tsx|mjs)$/.test(entry.name)) {
        const segments = path.relative(path.join(root, "app"), dir).split(path.sep).filter((s) => !/^\(.*\)$/.test(s));
        const methods = new Set();
        for (const m of fs.readFileSync(p, "utf8").matchAll(EXPORTED)) {
          if (m[1]) methods.add(m[1]);
          else for (const name of m[2].split(",").map((s) => s.trim().split(/\s*:\s*/).pop())) if (METHODS.includes(name)) methods.add(name);
        }
        out.push({ path: `/${segments.join("/")}`, methods: METHODS.filter((m) => methods.has(m)) });
      }
    }
  };
  walk(path.join(root, "app", "api"));
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The file's text: one route a line, so two branches that add routes merge line by line. */
export function apiMethodsJson() {
  return `[\n${apiMethods().map((r) => `  ${JSON.stringify(r)}`).join(",\n")}\n]\n`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes("--print")) process.stdout.write(apiMethodsJson());
  else {
    fs.writeFileSync(API_METHODS_FILE, apiMethodsJson());
    console.log(`API routes and their methods written to ${path.relative(root, API_METHODS_FILE)}`);
  }
}
