import fs from "node:fs";
import path from "node:path";

/** Where the run keeps what global setup started: the server's address, its process group and its data. */
export const STATE_DIR = path.resolve(import.meta.dirname, "../.state");
export const STATE_FILE = path.join(STATE_DIR, "server.json");
export const SERVER_LOG = path.join(STATE_DIR, "server.log");
export const AUTH_DIR = path.resolve(import.meta.dirname, "../.auth");
/** Where each demo user's last claimed one-time-code step is kept for this run (support/staff.ts). */
export const TOTP_DIR = path.join(STATE_DIR, "totp");

export interface ServerState {
  baseURL: string;
  pid: number;
  dataDir: string;
}

export function e2ePort(): number {
  return Number(process.env.LINKGUARD_E2E_PORT ?? 3210);
}

export function baseURL(): string {
  return `http://127.0.0.1:${e2ePort()}`;
}

export function readState(): ServerState | null {
  try {
    return JSON.parse(fs.readFileSync(STATE_FILE, "utf8")) as ServerState;
  } catch {
    return null;
  }
}
