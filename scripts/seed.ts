import { openDatabase } from "@/db";
import { migrateDatabase } from "@/db/migrate";
import { isEmpty, seedDemo } from "@/db/seed";
import { ensureAuthSecret } from "@/lib/config/secret";

/** npm run db:seed [-- --scale N] [--force]: the demo data set into an empty database. */
function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

ensureAuthSecret();
const scale = Number(arg("scale") ?? process.env.LINKGUARD_SEED_SCALE ?? 1);
if (!Number.isFinite(scale) || scale <= 0) {
  console.error("--scale takes a positive number (1 = 20,000 links, 200,000 transactions)");
  process.exit(2);
}
// No statement timeout: the seed writes hundreds of thousands of rows in a few large statements.
const handle = await openDatabase({ url: process.env.DATABASE_URL || undefined, statementTimeoutMs: 0 });
try {
  await migrateDatabase(handle);
  if (!(await isEmpty(handle.db))) {
    console.error("The database already holds data; the demo seed only writes into an empty database.");
    process.exit(1);
  }
  const started = Date.now();
  let last = "";
  await seedDemo(handle, {
    scale,
    progress(label, done, total) {
      if (!process.stderr.isTTY && done !== total) return;
      const width = 30;
      const filled = Math.round((done / Math.max(total, 1)) * width);
      const line = `${label.padEnd(24)} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${done.toLocaleString("en")}/${total.toLocaleString("en")}`;
      if (line !== last) process.stderr.write(process.stderr.isTTY ? `\r${line}` : `${line}\n`);
      if (done === total && process.stderr.isTTY) process.stderr.write("\n");
      last = line;
    },
  });
  console.log(`demo data written (${handle.driver}, scale ${scale}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} finally {
  await handle.close();
}
