import fs from "node:fs";
import path from "node:path";
import { defaultDataDir, openDatabase, type DatabaseHandle } from "@/db";
import { verifyChain } from "@/lib/audit/verify";

/**
 * npm run audit:verify: walks the whole audit chain and says whether it is intact.
 * Exit 0: intact. Exit 1: broken (the entry where the break is seen is named). Exit 2: could not check.
 * Reads only; it opens the database like the server does (DATABASE_URL, or PGlite in ./data).
 */
const url = process.env.DATABASE_URL || undefined;
const folder = path.join(defaultDataDir(), "pglite");
if (!url && !fs.existsSync(folder)) {
  // Opening a missing folder would create an empty database and call it intact.
  console.error(`audit chain could not be verified: no database in ${folder} (set DATABASE_URL or LINKGUARD_DATA_DIR)`);
  process.exit(2);
}
/** Exit 2: the chain was not read (the database could not be opened or queried), so nothing is known about it. */
function couldNotCheck(e: unknown): void {
  const err = e as Error & { cause?: { message?: string } };
  console.error(`audit chain could not be verified: ${err.cause?.message ?? err.message}`);
}

let handle: DatabaseHandle;
try {
  handle = await openDatabase({ url });
} catch (e) {
  // A folder another process holds, a folder that is not a database, a refused connection: exit 2, not 1.
  couldNotCheck(e);
  process.exit(2);
}
let code = 2;
try {
  const progress = process.stderr.isTTY
    ? (p: { checked: number }) => process.stderr.write(`\rchecked ${p.checked.toLocaleString("en")} entries…`)
    : undefined;
  const result = await verifyChain(handle.db, { onProgress: progress });
  if (progress) process.stderr.write("\n");
  if (result.ok) {
    console.log(`audit chain intact: ${result.checked} entries`);
    if (result.head) console.log(`head: entry #${result.head.seq} ${result.head.hash} (${result.ms} ms)`);
    code = 0;
  } else {
    const b = result.firstBroken!;
    const why =
      b.reason === "content_changed"
        ? "content_changed (the entry was edited after it was written: its content no longer matches its hash)"
        : `link_broken (it does not chain to ${b.previousSeq === null ? "the start of the log" : `entry #${b.previousSeq}`}: an entry before it is missing or was changed)`;
    console.log(`audit chain BROKEN at entry #${b.seq}: ${why}`);
    console.log(`expected ${b.expected}, found ${b.found}; ${result.checked} entries read`);
    code = 1;
  }
} catch (e) {
  couldNotCheck(e);
} finally {
  await handle.close().catch(() => undefined);
}
process.exit(code);
