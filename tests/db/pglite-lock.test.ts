import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { openDatabase } from "@/db";

const run = promisify(execFile);
const dirs: string[] = [];
function tempFolder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lg-lock-"));
  dirs.push(dir);
  return path.join(dir, "nested", "pglite");
}
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

async function openInAnotherProcess(folder: string): Promise<string> {
  const { stdout } = await run("npx", ["tsx", "--conditions", "react-server", "tests/support/open-folder.ts", folder], { cwd: process.cwd() });
  return stdout.trim();
}

describe("the embedded database folder has one owner", () => {
  it("a second process that opens the folder while this one holds it is refused with the holder named, and writes nothing", async () => {
    const folder = tempFolder();
    const handle = await openDatabase({ dataDir: folder });
    try {
      await handle.db.execute(sql`create table marker (n int)`);
      await handle.db.execute(sql`insert into marker values (1)`);
      const answer = await openInAnotherProcess(folder);
      expect(answer).toMatch(/^REFUSED DatabaseLockedError/);
      expect(answer).toContain(`pid ${process.pid}`);
      const rows = (await handle.db.execute(sql`select count(*)::int as n from marker`)) as unknown as { rows: { n: number }[] };
      expect(rows.rows[0]).toEqual({ n: 1 });
    } finally {
      await handle.close();
    }
    // Once released, another process may open it.
    expect(await openInAnotherProcess(folder)).toBe("OPENED");
    // Creates a database (made beside its place, closed and renamed: db/index.ts), then two processes open it.
  }, 240_000);

  it("a lock left behind by a dead process is taken over", async () => {
    const folder = tempFolder();
    fs.mkdirSync(path.dirname(folder), { recursive: true });
    fs.writeFileSync(`${folder}.lock`, JSON.stringify({ pid: 2 ** 22 + 12345, host: os.hostname(), since: "2020-09-14T07:00:00Z" }));
    const handle = await openDatabase({ dataDir: folder });
    await handle.close();
    expect(fs.existsSync(`${folder}.lock`)).toBe(false);
  }, 240_000);
});
