import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  isAccountNumber,
  isBankCode,
  isBranchCode,
  MAX_AMOUNT_YEN,
  writeZenginTransferFile,
  ZenginInvalid,
  zenginKana,
  type PayingAccount,
  type TransferLine,
  type ZenginAccountType,
} from "@/lib/reimbursements/zengin";

/** Shift_JIS as the WHATWG Encoding standard decodes it: an implementation independent of the writer. */
const sjis = new TextDecoder("shift_jis", { fatal: true });

/** The records of a file, split on CR LF (each record's bytes, without the separator). */
function records(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += 122) {
    expect(bytes[at + 120], `CR after record ${out.length + 1}`).toBe(0x0d);
    expect(bytes[at + 121], `LF after record ${out.length + 1}`).toBe(0x0a);
    out.push(bytes.subarray(at, at + 120));
  }
  return out;
}

/** A field by its 1-based position and length in bytes, as ZENGIN.md gives them, decoded. */
const field = (record: Buffer, position: number, length: number) => sjis.decode(record.subarray(position - 1, position - 1 + length));

const sp = (n: number) => " ".repeat(n);

const PAYER: PayingAccount = {
  requesterCode: "1234567890",
  requesterNameKana: "モバイルキャリア",
  bankCode: "0001",
  bankNameKana: "ミズホ",
  branchCode: "001",
  branchNameKana: "トウキョウ",
  accountType: "current",
  accountNumber: "1234567",
};

describe("the zengin 総合振込 file, against a hand-checked file", () => {
  const file = writeZenginTransferFile({
    payer: PAYER,
    transferDate: "2026-12-08",
    lines: [
      { bankCode: "0101", bankNameKana: "ミライチュウオウ", branchCode: "123", branchNameKana: "ホンテン", accountType: "ordinary", accountNumber: "7654321", holderKana: "ヤマダ　タロウ", amountYen: 250_000, customerReference: "42", newCode: "1", transferKind: "telegraphic" },
      { bankCode: "0108", branchCode: "010", accountType: "savings", accountNumber: "0000001", holderKana: "ｶﾞｯｺｳ ﾊﾟｰｸ", amountYen: 1 },
    ],
  });

  // Written by hand from the layout, field by field (position:length in the comments).
  const expected = [
    // 1:1 "1", 2:2 "21", 4:1 "0", 5:10 requester code, 15:40 name, 55:4 MMDD, 59:4 bank, 63:15 bank name, 78:3 branch, 81:15 branch name, 96:1 type, 97:7 account, 104:17 spaces
    "1" + "21" + "0" + "1234567890" + "ﾓﾊﾞｲﾙｷﾔﾘｱ" + sp(31) + "1208" + "0001" + "ﾐｽﾞﾎ" + sp(11) + "001" + "ﾄｳｷﾖｳ" + sp(10) + "2" + "1234567" + sp(17),
    // 1:1 "2", 2:4 bank, 6:15 bank name, 21:3 branch, 24:15 branch name, 39:4 clearing, 43:1 type, 44:7 account, 51:30 name, 81:10 amount, 91:1 new code, 92:10 customer code 1, 102:10 code 2, 112:1 kind, 113:1 EDI, 114:7 spaces
    "2" + "0101" + "ﾐﾗｲﾁﾕｳｵｳ" + sp(7) + "123" + "ﾎﾝﾃﾝ" + sp(11) + sp(4) + "1" + "7654321" + "ﾔﾏﾀﾞ ﾀﾛｳ" + sp(22) + "0000250000" + "1" + "0000000042" + sp(10) + "7" + " " + sp(7),
    "2" + "0108" + sp(15) + "010" + sp(15) + sp(4) + "4" + "0000001" + "ｶﾞﾂｺｳ ﾊﾟ-ｸ" + sp(20) + "0000000001" + "0" + sp(10) + sp(10) + " " + " " + sp(7),
    // 1:1 "8", 2:6 count, 8:12 total, 20:101 spaces
    "8" + "000002" + "000000250001" + sp(101),
    // 1:1 "9", 2:119 spaces
    "9" + sp(119),
  ];

  it("is the hand-written file: four kinds of 120-byte records, each followed by CR LF, with no EOF byte", () => {
    expect(expected.map((r) => r.length)).toEqual([120, 120, 120, 120, 120]);
    expect(file.bytes.length).toBe(5 * 122);
    expect(records(file.bytes).map((r) => sjis.decode(r))).toEqual(expected);
    expect(file.bytes[file.bytes.length - 1]).toBe(0x0a);
    expect(file.bytes.includes(0x1a)).toBe(false);
    expect({ count: file.count, totalYen: file.totalYen }).toEqual({ count: 2, totalYen: 250_001 });
  });

  it("writes half-width katakana as single JIS X 0201 bytes (ﾓ D3, ﾊ CA, ﾞ DE) and letters and digits as ASCII", () => {
    const header = records(file.bytes)[0]!;
    expect([...header.subarray(14, 17)]).toEqual([0xd3, 0xca, 0xde]);
    expect([...header.subarray(0, 4)]).toEqual([0x31, 0x32, 0x31, 0x30]);
  });

  it("puts each field where the layout says", () => {
    const [header, first, , trailer, end] = records(file.bytes);
    expect(field(header!, 1, 1)).toBe("1");
    expect(field(header!, 2, 2)).toBe("21");
    expect(field(header!, 4, 1)).toBe("0");
    expect(field(header!, 5, 10)).toBe("1234567890");
    expect(field(header!, 15, 40).trimEnd()).toBe("ﾓﾊﾞｲﾙｷﾔﾘｱ");
    expect(field(header!, 55, 4)).toBe("1208");
    expect(field(header!, 59, 4)).toBe("0001");
    expect(field(header!, 78, 3)).toBe("001");
    expect(field(header!, 96, 1)).toBe("2");
    expect(field(header!, 97, 7)).toBe("1234567");
    expect(field(header!, 104, 17)).toBe(sp(17));
    expect(field(first!, 2, 4)).toBe("0101");
    expect(field(first!, 21, 3)).toBe("123");
    expect(field(first!, 39, 4)).toBe(sp(4));
    expect(field(first!, 43, 1)).toBe("1");
    expect(field(first!, 44, 7)).toBe("7654321");
    expect(field(first!, 51, 30)).toBe("ﾔﾏﾀﾞ ﾀﾛｳ" + sp(22));
    expect(field(first!, 81, 10)).toBe("0000250000");
    expect(field(first!, 91, 1)).toBe("1");
    expect(field(first!, 92, 10)).toBe("0000000042");
    expect(field(first!, 112, 1)).toBe("7");
    expect(field(first!, 113, 1)).toBe(" ");
    expect(field(trailer!, 2, 6)).toBe("000002");
    expect(field(trailer!, 8, 12)).toBe("000000250001");
    expect(field(end!, 1, 1)).toBe("9");
  });
});

describe("names in half-width katakana", () => {
  it("converts full-width and half-width katakana, voiced marks as their own characters, small kana written large, ー as -", () => {
    expect(zenginKana("ヤマダ　タロウ").text).toBe("ﾔﾏﾀﾞ ﾀﾛｳ");
    expect(zenginKana("ﾔﾏﾀﾞ ﾀﾛｳ").text).toBe("ﾔﾏﾀﾞ ﾀﾛｳ");
    expect(zenginKana("ヤマタ\u3099").text).toBe("ﾔﾏﾀﾞ");
    expect(zenginKana("キャッシュ・パーク").text).toBe("ｷﾔﾂｼﾕ ﾊﾟ-ｸ");
    expect(zenginKana("ヴィヲ").text).toBe("ｳﾞｲｦ");
    expect(zenginKana("ｶ)ﾌﾞﾝｶ").text).toBe("ｶ)ﾌﾞﾝｶ");
    expect(zenginKana("ｂａｎｋ ＡＢＣ－１").text).toBe("BANK ABC-1");
  });

  it("names the characters the format cannot carry (kanji, hiragana, symbols) instead of dropping them", () => {
    expect(zenginKana("山田 たろう")).toEqual({ text: "", refused: ["山", "田", "た", "ろ", "う"] });
    expect(zenginKana("ヤマダ＆タロウ").refused).toEqual(["&"]);
    expect(zenginKana("ヤマダ/タロウ@").refused).toEqual(["/", "@"]);
  });

  const PLAIN = [..."アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲンガギグゲゴザジズゼゾダヂヅデドバビブベボパピプペポヴ "];

  it("property: any full-width katakana name converts without refusal, to carried characters only, and NFKC turns it back", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PLAIN), { minLength: 1, maxLength: 20 }), (chars) => {
        const name = chars.join("").trim();
        const { text, refused } = zenginKana(name);
        expect(refused).toEqual([]);
        expect(text).toMatch(/^[ ()\-.0-9A-Z\uFF66\uFF71-\uFF9F]*$/);
        expect(text.normalize("NFKC")).toBe(name);
      }),
    );
  });
});

describe("codes", () => {
  it("bank codes are 4 digits, branch codes 3, account numbers 7", () => {
    expect(["0101", "9999"].every(isBankCode)).toBe(true);
    expect(["101", "01010", "01a1", "０１０１", ""].some(isBankCode)).toBe(false);
    expect(isBranchCode("001")).toBe(true);
    expect(["01", "0001", "0x1"].some(isBranchCode)).toBe(false);
    expect(isAccountNumber("0000001")).toBe(true);
    expect(["123456", "12345678", "123456a"].some(isAccountNumber)).toBe(false);
  });
});

describe("refusals: a 422 naming each field and why, and no file", () => {
  const line: TransferLine = { bankCode: "0101", branchCode: "123", accountType: "ordinary", accountNumber: "7654321", holderKana: "ヤマダ タロウ", amountYen: 1000 };
  const refusal = (lines: TransferLine[], patch: Partial<{ payer: PayingAccount; transferDate: string }> = {}) => {
    try {
      writeZenginTransferFile({ payer: PAYER, transferDate: "2026-12-08", lines, ...patch });
    } catch (e) {
      expect(e).toBeInstanceOf(ZenginInvalid);
      expect((e as ZenginInvalid).status).toBe(422);
      return (e as ZenginInvalid).fields;
    }
    throw new Error("expected a refusal");
  };

  it("amounts that are zero, negative, fractional or beyond 10 digits", () => {
    for (const [amountYen, code] of [
      [0, "too_small"],
      [-500, "too_small"],
      [1000.5, "invalid_type"],
      [MAX_AMOUNT_YEN + 1, "too_big"],
      [Number.NaN, "invalid_type"],
    ] as const) {
      expect(refusal([{ ...line, amountYen }])?.["lines.0.amountYen"]?.code, String(amountYen)).toBe(code);
    }
  });

  it("codes and numbers of the wrong length, a name the format cannot carry or longer than its field, no lines, an impossible date", () => {
    expect(
      refusal([
        line,
        { ...line, bankCode: "101", branchCode: "1234", accountNumber: "123456", holderKana: "山田太郎" },
        { ...line, holderKana: "ア".repeat(31), customerReference: "C-1" },
      ]),
    ).toEqual({
      "lines.1.bankCode": { code: "bank_code" },
      "lines.1.branchCode": { code: "branch_code" },
      "lines.1.accountNumber": { code: "account_number" },
      "lines.1.holderKana": { code: "zengin_character", params: { characters: "山田太郎" } },
      "lines.2.holderKana": { code: "zengin_too_long", params: { maximum: 30, length: 31 } },
      "lines.2.customerReference": { code: "customer_reference" },
    });
    expect(refusal([])).toEqual({ lines: { code: "too_small", params: { minimum: 1, origin: "array" } } });
    expect(refusal([line], { transferDate: "2026-02-30" })).toEqual({ transferDate: { code: "calendar_date" } });
    expect(refusal([line], { payer: { ...PAYER, requesterCode: "123", requesterNameKana: "" } })).toEqual({
      "payer.requesterCode": { code: "requester_code" },
      "payer.requesterNameKana": { code: "required" },
    });
    expect(refusal([{ ...line, holderKana: "ガ".repeat(16) }])?.["lines.0.holderKana"]).toEqual({ code: "zengin_too_long", params: { maximum: 30, length: 32 } });
  });
});

describe("property: any valid transfers make a well-formed file", () => {
  const digits = (n: number) => fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: n, maxLength: n });
  // Names that fit their fields even with every character voiced (two half-width characters each).
  const kana = (most: number) =>
    fc.array(fc.constantFrom(..."アイウエオカキクケコサシスセソタチツテトナマヤユヨラワンガジズダバパプャュョッー　"), { minLength: 0, maxLength: most - 1 }).map((c) => `ヤ${c.join("")}`);
  const lineArb: fc.Arbitrary<TransferLine> = fc.record({
    bankCode: digits(4),
    bankNameKana: fc.option(kana(7), { nil: undefined }),
    branchCode: digits(3),
    branchNameKana: fc.option(kana(7), { nil: undefined }),
    accountType: fc.constantFrom<ZenginAccountType>("ordinary", "current", "savings", "other"),
    accountNumber: digits(7),
    holderKana: kana(15),
    amountYen: fc.integer({ min: 1, max: MAX_AMOUNT_YEN }),
    customerReference: fc.option(fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: 1, maxLength: 10 }), { nil: undefined }),
  });
  const CARRIED_BYTES = new Set([0x20, 0x28, 0x29, 0x2d, 0x2e, ...Array.from({ length: 10 }, (_, i) => 0x30 + i), ...Array.from({ length: 26 }, (_, i) => 0x41 + i), 0xa6, ...Array.from({ length: 0xdf - 0xb1 + 1 }, (_, i) => 0xb1 + i)]);

  it("every record is 120 bytes of carried characters and CR LF; the trailer's count and sum equal the data; the fields decode back", () => {
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 40 }), (lines) => {
        const file = writeZenginTransferFile({ payer: PAYER, transferDate: "2026-01-31", lines });
        expect(file.bytes.length).toBe((lines.length + 3) * 122);
        const recs = records(file.bytes);
        for (const r of recs) {
          expect(r.length).toBe(120);
          expect([...r].filter((b) => !CARRIED_BYTES.has(b))).toEqual([]);
        }
        expect(recs.map((r) => field(r, 1, 1)).join("")).toBe(`1${"2".repeat(lines.length)}89`);
        const sum = lines.reduce((s, l) => s + l.amountYen, 0);
        const trailer = recs[lines.length + 1]!;
        expect(Number(field(trailer, 2, 6))).toBe(lines.length);
        expect(Number(field(trailer, 8, 12))).toBe(sum);
        expect({ count: file.count, totalYen: file.totalYen }).toEqual({ count: lines.length, totalYen: sum });
        const data = recs.slice(1, -2);
        const dataSum = data.reduce((s, r) => s + Number(field(r, 81, 10)), 0);
        expect(dataSum).toBe(sum);
        lines.forEach((l, i) => {
          const r = data[i]!;
          expect(field(r, 2, 4)).toBe(l.bankCode);
          expect(field(r, 6, 15).trimEnd()).toBe(l.bankNameKana ? zenginKana(l.bankNameKana).text : "");
          expect(field(r, 21, 3)).toBe(l.branchCode);
          expect(field(r, 24, 15).trimEnd()).toBe(l.branchNameKana ? zenginKana(l.branchNameKana).text : "");
          expect(field(r, 43, 1)).toBe({ ordinary: "1", current: "2", savings: "4", other: "9" }[l.accountType]);
          expect(field(r, 44, 7)).toBe(l.accountNumber);
          expect(field(r, 51, 30).trimEnd()).toBe(zenginKana(l.holderKana).text);
          expect(Number(field(r, 81, 10))).toBe(l.amountYen);
          expect(field(r, 92, 10)).toBe(l.customerReference ? l.customerReference.padStart(10, "0") : sp(10));
        });
      }),
      { numRuns: 150 },
    );
  });
});
