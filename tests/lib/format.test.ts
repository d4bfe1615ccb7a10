import { describe, expect, it } from "vitest";
import { formatBytes, formatJst, formatJstDate, formatYen, fromJst } from "@/lib/format";
import { normaliseKana } from "@/lib/kana";

describe("formatting for Japanese users", () => {
  it("shows whole yen with the yen sign and thousands separators", () => {
    expect(formatYen(25_420_000)).toBe("¥25,420,000");
    expect(formatYen(0)).toBe("¥0");
    expect(formatYen(-3000)).toBe("-¥3,000");
    expect(formatYen(null)).toBe("—");
  });

  it("shows instants in Japan time as YYYY/MM/DD HH:mm, 24-hour", () => {
    expect(formatJst(new Date("2020-09-14T07:00:00Z"))).toBe("2020/09/14 16:00");
    expect(formatJst("2020-09-13T15:30:00Z")).toBe("2020/09/14 00:30");
    expect(formatJst("2020-09-13T15:30:05Z", { seconds: true })).toBe("2020/09/14 00:30:05");
    expect(formatJst(null)).toBe("—");
    expect(formatJstDate(new Date("2020-09-13T15:30:00Z"))).toBe("2020-09-14");
  });

  it("shows sizes in bytes, kB and MB with one decimal", () => {
    expect(formatBytes(900)).toBe("900 B");
    expect(formatBytes(12_640)).toBe("12.3 kB");
    expect(formatBytes(3_623_879)).toBe("3.5 MB");
  });

  it("reads a Japan-time wall clock as the right UTC instant", () => {
    expect(fromJst("2020-09-14 16:00").toISOString()).toBe("2020-09-14T07:00:00.000Z");
    expect(fromJst("2019-10-01").toISOString()).toBe("2019-09-30T15:00:00.000Z");
    expect(() => fromJst("14/09/2020")).toThrow(RangeError);
  });

  it("folds half-width and full-width katakana holder names into one search key", () => {
    expect(normaliseKana("ﾔﾏﾀﾞ ﾀﾛｳ")).toBe(normaliseKana("ヤマダ　タロウ"));
    expect(normaliseKana("ｶﾞｯｺｳ")).toBe("ガッコウ");
  });
});
