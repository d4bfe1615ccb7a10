import { describe, expect, it } from "vitest";
import { DEMO_API_KEY } from "@/db/seed/staff";
import { parseOptions, report } from "@/scripts/simulate";

describe("npm run simulate: its options and its report", () => {
  it("plays against the local console with the demo service key at 3 a second for a minute, with no fraud wave, unless told otherwise", () => {
    expect(parseOptions([])).toMatchObject({ url: "http://localhost:3000", key: DEMO_API_KEY, rate: 3, duration: 60, fraudWave: false });
    expect(parseOptions(["--url", "http://127.0.0.1:3001/", "--rate", "10", "--duration", "5", "--fraud-wave", "--wave-banks", "0101,0108"])).toMatchObject({
      url: "http://127.0.0.1:3001",
      rate: 10,
      duration: 5,
      fraudWave: true,
      waveBanks: ["0101", "0108"],
    });
  });

  it("refuses an unknown option, a rate that is not a positive number and a wave bank that is not a partner bank, saying which", () => {
    expect(() => parseOptions(["--fast"])).toThrow(/unknown option --fast/);
    expect(() => parseOptions(["--rate", "0"])).toThrow(/--rate takes a positive number/);
    expect(() => parseOptions(["--rate"])).toThrow(/--rate needs a value/);
    expect(() => parseOptions(["--wave-banks", "0101,9999"])).toThrow(/not partner banks: 9999/);
  });

  it("reports what was stored, what each decision answered and which requests failed", () => {
    const text = report({ events: { charge: 3, link_created: 2 }, refusedEvents: 1, decisions: { link: { "deny: registrations_suspended": 4, "allow: open": 2 } }, errors: { "/api/v1/events unreachable": 1 } });
    expect(text).toContain("charge         3");
    expect(text).toContain("refused or lost 1");
    expect(text).toMatch(/link {4}deny: registrations_suspended\s+4/);
    expect(text).toContain("/api/v1/events unreachable 1");
  });
});
