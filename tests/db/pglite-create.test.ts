import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/db";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function tempFolder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lg-create-"));
  dirs.push(dir);
  return path.join(dir, "pglite");
}

/**
 * Starts a process that creates the database in `folder` (node itself with tsx as a loader, not the
 * tsx command, which runs the script in a child that a kill of the parent would leave running), and
 * SIGKILLs it as soon as `killWhen` holds, checked every millisecond. Resolves once it is dead.
 */
function createAndKill(folder: string, killWhen: () => boolean): Promise<{ killed: boolean }> {
  const child = spawn(process.execPath, ["--import", "tsx", "--conditions", "react-server", "tests/support/open-folder.ts", folder], {
    cwd: process.cwd(),
    stdio: "ignore",
  });
  return new Promise((resolve, reject) => {
    const watch = setInterval(() => {
      if (killWhen()) {
        clearInterval(watch);
        child.kill("SIGKILL");
      }
    }, 1);
    child.on("error", reject);
    child.on("exit", (_code, signal) => {
      clearInterval(watch);
      resolve({ killed: signal === "SIGKILL" });
    });
  });
}

async function opensAndAnswers(folder: string): Promise<number> {
  const handle = await openDatabase({ dataDir: folder });
  try {
    const r = (await handle.db.execute(sql`select 41 + 1 as n`)) as unknown as { rows: { n: number }[] };
    return r.rows[0]!.n;
  } finally {
    await handle.close();
  }
}

describe("a new embedded database folder is created whole or not at all", () => {
  it("a process killed (SIGKILL) right after PGlite wrote PG_VERSION of a new database leaves no half folder: the next open creates it and answers", async () => {
    const folder = tempFolder();
    const making = `${folder}.creating`;
    const { killed } = await createAndKill(folder, () => fs.existsSync(path.join(making, "PG_VERSION")));
    expect(killed).toBe(true);
    // Killed mid-creation: the unfinished database is beside the folder, never in its place.
    expect(fs.existsSync(path.join(making, "PG_VERSION"))).toBe(true);
    expect(fs.existsSync(folder)).toBe(false);

    expect(await opensAndAnswers(folder)).toBe(42);
    expect(fs.existsSync(making)).toBe(false);
    expect(fs.existsSync(path.join(folder, "postgresql.conf"))).toBe(true);
    // And it opens again, as every later start does.
    expect(await opensAndAnswers(folder)).toBe(42);
  }, 420_000);

  it("a process killed as soon as PGlite starts writing a new database, in an empty folder made for it, leaves that folder openable", async () => {
    const folder = tempFolder();
    fs.mkdirSync(folder);
    const making = `${folder}.creating`;
    const { killed } = await createAndKill(folder, () => fs.existsSync(making) && fs.readdirSync(making).length > 0);
    expect(killed).toBe(true);
    expect(fs.readdirSync(folder)).toEqual([]);

    expect(await opensAndAnswers(folder)).toBe(42);
    expect(fs.existsSync(making)).toBe(false);
  }, 420_000);
});
