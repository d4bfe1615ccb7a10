#!/usr/bin/env node
/**
 * Bundles a server entry written in TypeScript (and the lib/ code it imports) into plain
 * JavaScript that Node runs without a loader: `npm run build` makes the wallet platform's API
 * server (scripts/api-server.ts → dist/api-server/server.mjs) with it, and the benchmarks make their
 * floor server the same way, so the two are compiled alike.
 *
 * Packages stay in node_modules (imported at run time), except `server-only`, which is only a
 * marker for Next's bundler. Dynamic imports become chunks of their own, loaded when first called:
 * lib/auth/auth.ts (Auth.js, which loads Next) is never loaded by the API server, which has no sessions.
 *
 * Run as `npm run build`'s last step, it also prints each page's first-load JavaScript, gzipped
 * (scripts/weight.mjs: Next 16 no longer prints it); e2e/weight.spec.ts holds pages to the budget.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { reportFirstLoad } from "./weight.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** @type {import("esbuild").Plugin} */
const serverOnly = {
  name: "server-only",
  setup(b) {
    b.onResolve({ filter: /^server-only$/ }, () => ({ path: "server-only", namespace: "empty" }));
    b.onLoad({ filter: /.*/, namespace: "empty" }, () => ({ contents: "export {};", loader: "js" }));
  },
};

/** Bundles `entry` (relative to the project) into `outdir`/server.mjs. */
export async function bundleServer(entry, outdir) {
  await build({
    absWorkingDir: root,
    entryPoints: { server: entry },
    outdir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    tsconfig: path.join(root, "tsconfig.json"),
    plugins: [serverOnly],
    sourcemap: true,
    logLevel: "warning",
    banner: { js: "// Built by scripts/bundle.mjs; do not edit." },
  });
  return path.join(outdir, "server.mjs");
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = await bundleServer("scripts/api-server.ts", path.join(root, "dist", "api-server"));
  console.log(`API server bundled into ${path.relative(root, out)}`);
  if (fs.existsSync(path.join(root, ".next", "BUILD_ID"))) reportFirstLoad(path.join(root, ".next"));
}
