/**
 * Structured JSON lines on stdout/stderr; every line about a request carries its id.
 * Written to the streams directly, not through `console`: Next wraps the console methods in its
 * process (dimming, exit tracking) at a cost that showed on the decision path.
 */
type Level = "debug" | "info" | "warn" | "error";

export function log(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
  if (process.env.LINKGUARD_LOG === "silent") return;
  const line = `${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`;
  if (level === "error" || level === "warn") process.stderr.write(line);
  else process.stdout.write(line);
}
