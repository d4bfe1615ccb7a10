/**
 * First-load JavaScript of each page of the production build, gzipped: what a browser downloads
 * before a page can run when it opens it from nothing (no cache). Next 16 no longer prints it, so
 * `npm run build` does (scripts/bundle.mjs calls this after `next build`), and fails when a page
 * is over the budget.
 *
 * Where the figures come from (.next, after `next build`):
 * - `build-manifest.json` `rootMainFiles`: React, React DOM and Next's router and runtime, which
 *   every page's HTML loads as scripts. (`polyfillFiles` are `nomodule`: current browsers skip them.)
 * - `server/app/<route>/page_client-reference-manifest.js` `entryJSFiles`: for each file of the
 *   route's tree (root and group layouts, error and not-found boundaries, the page) the client
 *   chunks it needs. The server renders every one of them into the page's first response (the
 *   HTML's async script tags), so their union is what the first load fetches.
 * Chunks loaded later (a dialog's `import()`) are not in these lists and not counted. This is the
 * HTML's own list without starting a server; e2e/weight.spec.ts checks the two agree on real pages.
 * kB are 1,000 bytes, as Next printed them; gzip at level 9 (what static servers use for assets).
 */
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import zlib from "node:zlib";

/** The budget per page, gzipped (issue #13 §9). */
export const FIRST_LOAD_BUDGET = 200_000;

/** Reads a page's client reference manifest (a script that assigns globalThis.__RSC_MANIFEST). */
function clientManifest(file, entry) {
  const sandbox = {};
  sandbox.globalThis = sandbox;
  vm.runInNewContext(fs.readFileSync(file, "utf8"), sandbox, { filename: file });
  return sandbox.__RSC_MANIFEST?.[entry];
}

/**
 * Every page of the build with the chunks its first load needs and their gzipped sizes.
 * @returns {{ shared: { files: string[], bytes: number }, pages: { route: string, files: string[], bytes: number }[] }}
 */
export function measureFirstLoad(nextDir) {
  const build = JSON.parse(fs.readFileSync(path.join(nextDir, "build-manifest.json"), "utf8"));
  const routes = JSON.parse(fs.readFileSync(path.join(nextDir, "app-path-routes-manifest.json"), "utf8"));
  const sizes = new Map();
  const gz = (file) => {
    if (!sizes.has(file)) sizes.set(file, zlib.gzipSync(fs.readFileSync(path.join(nextDir, file)), { level: 9 }).length);
    return sizes.get(file);
  };
  const sum = (files) => files.reduce((n, f) => n + gz(f), 0);
  const rootFiles = [...build.rootMainFiles];
  const pages = [];
  for (const [entry, route] of Object.entries(routes)) {
    if (!entry.endsWith("/page")) continue;
    const manifestFile = path.join(nextDir, "server", "app", `${entry}_client-reference-manifest.js`);
    if (!fs.existsSync(manifestFile)) continue;
    const manifest = clientManifest(manifestFile, entry);
    if (!manifest) throw new Error(`${manifestFile} has no manifest for ${entry}`);
    const files = new Set(rootFiles);
    for (const chunks of Object.values(manifest.entryJSFiles ?? {})) for (const f of chunks) files.add(f.replace(/^\/_next\//, ""));
    pages.push({ route, files: [...files], bytes: sum([...files]) });
  }
  pages.sort((a, b) => a.route.localeCompare(b.route));
  return { shared: { files: rootFiles, bytes: sum(rootFiles) }, pages };
}

const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;

/** The table `npm run build` prints; returns the pages over the budget. */
export function reportFirstLoad(nextDir, log = console.log, budget = FIRST_LOAD_BUDGET) {
  const { shared, pages } = measureFirstLoad(nextDir);
  const width = Math.max(4, ...pages.map((p) => p.route.length));
  log(`\nFirst-load JavaScript per page, gzipped (budget ${kB(budget)}):`);
  log(`${"Page".padEnd(width)}  ${"First load".padStart(10)}  ${"Own".padStart(9)}`);
  for (const p of pages) {
    const over = p.bytes > budget ? `  OVER by ${kB(p.bytes - budget)}` : "";
    log(`${p.route.padEnd(width)}  ${kB(p.bytes).padStart(10)}  ${kB(p.bytes - shared.bytes).padStart(9)}${over}`);
  }
  log(`Shared by every page (React, Next's runtime): ${kB(shared.bytes)}`);
  return pages.filter((p) => p.bytes > budget);
}
