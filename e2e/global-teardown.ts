import fs from "node:fs";
import { STATE_FILE, readState } from "./support/server";

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops the server's whole process group (npx, next and its workers) and removes its database. */
export default async function globalTeardown(): Promise<void> {
  const state = readState();
  if (!state) return;
  try {
    process.kill(-state.pid, "SIGTERM");
  } catch {
    // already gone
  }
  for (let i = 0; i < 50 && groupAlive(state.pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (groupAlive(state.pid)) {
    try {
      process.kill(-state.pid, "SIGKILL");
    } catch {
      // gone meanwhile
    }
  }
  fs.rmSync(state.dataDir, { recursive: true, force: true });
  fs.rmSync(STATE_FILE, { force: true });
}
