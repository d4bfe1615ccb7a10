import { AppError, type FieldErrors, type FieldProblem } from "@/lib/errors";

/**
 * The zengin bulk-transfer file (総合振込), as ../shared/ZENGIN.md lays it out: a pure writer, no
 * database. Four kinds of 120-byte records, each followed by CR LF: one header (1), one data record
 * per payee (2), one trailer (8) with the count and the sum of the data records, one end record (9).
 * No EOF byte (0x1A) after the last record.
 *
 * Fields: `N` digits, right-aligned and zero-filled (an optional N field left empty is spaces); `C`
 * characters, left-aligned and space-filled, drawn only from ` ()-.0-9A-Z` and the half-width
 * katakana ｱ–ﾝ, ｦ, ﾞ, ﾟ. Every one of those is a single Shift_JIS byte (ASCII, and JIS X 0201
 * katakana at 0xA1–0xDF: U+FF61–U+FF9F minus 0xFEC0), so the writer maps characters to bytes itself
 * and needs no encoding library; the tests decode its files with the WHATWG Shift_JIS decoder.
 *
 * Names arrive as people type them (full-width カタカナ, half-width, decomposed voiced marks,
 * full-width letters) and are converted by `zenginKana`; a character the format cannot carry
 * (kanji, hiragana, most symbols) is refused with the field's machine code, never dropped.
 */

/** Japan's bank code: 4 digits (zengin). */
export const BANK_CODE = /^\d{4}$/;
/** A branch code: 3 digits. */
export const BRANCH_CODE = /^\d{3}$/;
/** An account number: 7 digits. */
export const ACCOUNT_NUMBER = /^\d{7}$/;

export const isBankCode = (s: string): boolean => BANK_CODE.test(s);
export const isBranchCode = (s: string): boolean => BRANCH_CODE.test(s);
export const isAccountNumber = (s: string): boolean => ACCOUNT_NUMBER.test(s);

/** The account types a transfer names: data records take all four, the paying account (header) 1, 2 or 9. */
export type ZenginAccountType = "ordinary" | "current" | "savings" | "other";
const ACCOUNT_TYPE_DIGIT = new Map<string, string>([
  ["ordinary", "1"],
  ["current", "2"],
  ["savings", "4"],
  ["other", "9"],
]);
const PAYER_ACCOUNT_TYPES = new Set(["ordinary", "current", "other"]);

/** The carrier's account the transfers are paid from, and who asks (the header). */
export interface PayingAccount {
  /** 依頼人コード: the 10 digits the paying bank assigned to the carrier. */
  requesterCode: string;
  /** The carrier's name in katakana (at most 40 half-width characters once converted). */
  requesterNameKana: string;
  bankCode: string;
  bankNameKana?: string;
  branchCode: string;
  branchNameKana?: string;
  /** ordinary (1), current (2) or other (9); absent: spaces. */
  accountType?: Exclude<ZenginAccountType, "savings">;
  /** 7 digits; absent: spaces. */
  accountNumber?: string;
}

/** One payee and amount (a data record). */
export interface TransferLine {
  bankCode: string;
  bankNameKana?: string;
  branchCode: string;
  branchNameKana?: string;
  accountType: ZenginAccountType;
  accountNumber: string;
  /** The account holder's name in katakana (at most 30 half-width characters once converted). */
  holderKana: string;
  /** Whole yen, 1 to 9,999,999,999. */
  amountYen: number;
  /**
   * The carrier's reference for this transfer, 1–10 digits, written as 顧客コード1 (92:10, zero-filled)
   * so the bank's result can be matched back to it; absent: spaces. (EDI information is not written.)
   */
  customerReference?: string;
  /** 新規コード: "1" first transfer to this payee, "2" changed, "0" other (default). */
  newCode?: "0" | "1" | "2";
  /** 振込指定区分: telegraphic (7) or document (8); absent: a space. */
  transferKind?: "telegraphic" | "document";
}

export interface ZenginTransferInput {
  payer: PayingAccount;
  /** The transfer date as a Japan calendar date, YYYY-MM-DD (the header carries its MMDD). */
  transferDate: string;
  lines: TransferLine[];
}

export interface ZenginFile {
  /** The file: Shift_JIS bytes, 120-byte records each followed by CR LF. */
  bytes: Buffer;
  /** Data records, as the trailer says. */
  count: number;
  /** Their total in yen, as the trailer says. */
  totalYen: number;
}

export const RECORD_BYTES = 120;
export const RECORD_SEPARATOR = "\r\n";
export const MAX_AMOUNT_YEN = 9_999_999_999;
const MAX_TOTAL_YEN = 999_999_999_999;
const MAX_COUNT = 999_999;

/** Field widths of the names: payee 30, requester 40, bank and branch 15. */
export const NAME_WIDTH = { holder: 30, requester: 40, bank: 15, branch: 15 } as const;

/** The input refused: 422 `invalid` with each field's machine code (`lines.3.holderKana`: `zengin_character`). */
export class ZenginInvalid extends AppError {
  constructor(fields: FieldErrors) {
    super(422, "invalid", "The transfer file cannot be written: some fields are not valid for the zengin format.", fields);
  }
}

// ---- Katakana -----------------------------------------------------------------------------------

/** Full-width katakana (after NFKC) → the half-width characters the format carries. */
const KANA = new Map<string, string>();
{
  const plain = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン";
  const half = "ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜｦﾝ";
  [...plain].forEach((c, i) => KANA.set(c, half[i]!));
  const voiced = "ガギグゲゴザジズゼゾダヂヅデドバビブベボ";
  const voicedBase = "ｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾊﾋﾌﾍﾎ";
  [...voiced].forEach((c, i) => KANA.set(c, `${voicedBase[i]!}ﾞ`));
  [..."パピプペポ"].forEach((c, i) => KANA.set(c, `${"ﾊﾋﾌﾍﾎ"[i]!}ﾟ`));
  KANA.set("ヴ", "ｳﾞ");
  // Small kana are written large, as banks' account names are (キャッシュ → ｷﾔﾂｼﾕ).
  [..."ァィゥェォッャュョヮヵヶ"].forEach((c, i) => KANA.set(c, "ｱｲｳｴｵﾂﾔﾕﾖﾜｶｹ"[i]!));
  // Old kana; the long-vowel mark and hyphens as the format's hyphen; voiced marks that stayed apart
  // after NFKC (after a character that takes none); the middle dot as a space.
  const others: [string, string][] = [
    ["ヰ", "ｲ"],
    ["ヱ", "ｴ"],
    ["ー", "-"],
    ["‐", "-"],
    ["−", "-"],
    ["–", "-"],
    ["―", "-"],
    ["\u3099", "ﾞ"],
    ["\u309A", "ﾟ"],
    ["・", " "],
  ];
  for (const [c, half] of others) KANA.set(c, half);
}

/** What the C fields may hold: ` ()-.0-9A-Z`, ｱ–ﾝ, ｦ, ﾞ, ﾟ. */
const CARRIED = /^[ ()\-.0-9A-Z\uFF66\uFF71-\uFF9F]*$/;

/**
 * A name as the format writes it: half-width katakana (voiced marks as their own characters),
 * upper-case letters, and ` ()-.` only; spaces at either end trimmed, runs of spaces kept as typed.
 * NFKC first (half-width and decomposed input are composed, full-width letters and digits become
 * ASCII), then each character is mapped. Characters the format cannot carry come back in
 * `refused` (each once, in order): the caller refuses the name, it is never silently changed.
 */
export function zenginKana(input: string): { text: string; refused: string[] } {
  let text = "";
  const refused: string[] = [];
  for (const c of input.normalize("NFKC").toUpperCase()) {
    const mapped = KANA.get(c) ?? c;
    if (CARRIED.test(mapped)) text += mapped;
    else if (!refused.includes(c)) refused.push(c);
  }
  return { text: text.trim(), refused };
}

/** The byte of each character the C fields carry (all single-byte in Shift_JIS). */
function byteOf(c: string): number {
  const code = c.charCodeAt(0);
  return code >= 0xff61 ? code - 0xfec0 : code;
}

// ---- Records ------------------------------------------------------------------------------------

/** Collects each field's problem while a record is assembled; the file is refused if any. */
class Fields {
  readonly errors: FieldErrors = {};

  refuse(path: string, problem: FieldProblem): string {
    this.errors[path] ??= problem;
    return "";
  }

  /** A required N field of exactly `width` digits (codes, account numbers). */
  digits(path: string, value: string | undefined, re: RegExp, code: string): string {
    if (value === undefined || !re.test(value)) return this.refuse(path, { code });
    return value;
  }

  /** A name for a C field of `width` characters; optional ones may be absent or empty. */
  name(path: string, value: string | undefined, width: number, required: boolean): string {
    if (value === undefined || value.trim() === "") return required ? this.refuse(path, { code: "required" }) : "";
    const { text, refused } = zenginKana(value);
    if (refused.length) return this.refuse(path, { code: "zengin_character", params: { characters: refused.join("") } });
    if (text.length > width) return this.refuse(path, { code: "zengin_too_long", params: { maximum: width, length: text.length } });
    if (required && text === "") return this.refuse(path, { code: "required" });
    return text;
  }
}

const N = (value: string | number, width: number): string => String(value).padStart(width, "0");
const C = (value: string, width: number): string => value.padEnd(width, " ");
const blank = (width: number): string => " ".repeat(width);

const NEW_CODES = new Set(["0", "1", "2"]);

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function transferMmdd(fields: Fields, date: string): string {
  const m = DATE.exec(date);
  if (!m) return fields.refuse("transferDate", { code: "date" });
  const [, y, mo, d] = m;
  const day = new Date(Date.UTC(+y!, +mo! - 1, +d!));
  if (day.getUTCFullYear() !== +y! || day.getUTCMonth() !== +mo! - 1 || day.getUTCDate() !== +d!) return fields.refuse("transferDate", { code: "calendar_date" });
  return `${mo}${d}`;
}

function headerRecord(fields: Fields, payer: PayingAccount, mmdd: string): string {
  const type =
    payer.accountType === undefined ? " " : PAYER_ACCOUNT_TYPES.has(payer.accountType) ? ACCOUNT_TYPE_DIGIT.get(payer.accountType)! : fields.refuse("payer.accountType", { code: "invalid_value" });
  const account = payer.accountNumber === undefined ? blank(7) : fields.digits("payer.accountNumber", payer.accountNumber, ACCOUNT_NUMBER, "account_number");
  return [
    "1",
    "21", // 総合振込
    "0", // JIS/SJIS
    fields.digits("payer.requesterCode", payer.requesterCode, /^\d{10}$/, "requester_code"),
    C(fields.name("payer.requesterNameKana", payer.requesterNameKana, NAME_WIDTH.requester, true), 40),
    mmdd,
    fields.digits("payer.bankCode", payer.bankCode, BANK_CODE, "bank_code"),
    C(fields.name("payer.bankNameKana", payer.bankNameKana, NAME_WIDTH.bank, false), 15),
    fields.digits("payer.branchCode", payer.branchCode, BRANCH_CODE, "branch_code"),
    C(fields.name("payer.branchNameKana", payer.branchNameKana, NAME_WIDTH.branch, false), 15),
    type,
    account,
    blank(17),
  ].join("");
}

function amountOf(fields: Fields, path: string, yen: number): number {
  if (typeof yen !== "number" || !Number.isInteger(yen)) return (fields.refuse(path, { code: "invalid_type", params: { expected: "int" } }), 0);
  if (yen < 1) return (fields.refuse(path, { code: "too_small", params: { minimum: 1, origin: "number" } }), 0);
  if (yen > MAX_AMOUNT_YEN) return (fields.refuse(path, { code: "too_big", params: { maximum: MAX_AMOUNT_YEN, origin: "number" } }), 0);
  return yen;
}

function dataRecord(fields: Fields, line: TransferLine, i: number): string {
  const at = (f: string) => `lines.${i}.${f}`;
  const reference =
    line.customerReference === undefined || line.customerReference === ""
      ? blank(10)
      : /^\d{1,10}$/.test(line.customerReference)
        ? N(line.customerReference, 10)
        : fields.refuse(at("customerReference"), { code: "customer_reference" });
  return [
    "2",
    fields.digits(at("bankCode"), line.bankCode, BANK_CODE, "bank_code"),
    C(fields.name(at("bankNameKana"), line.bankNameKana, NAME_WIDTH.bank, false), 15),
    fields.digits(at("branchCode"), line.branchCode, BRANCH_CODE, "branch_code"),
    C(fields.name(at("branchNameKana"), line.branchNameKana, NAME_WIDTH.branch, false), 15),
    blank(4), // clearing house: not used
    ACCOUNT_TYPE_DIGIT.get(line.accountType) ?? fields.refuse(at("accountType"), { code: "invalid_value" }),
    fields.digits(at("accountNumber"), line.accountNumber, ACCOUNT_NUMBER, "account_number"),
    C(fields.name(at("holderKana"), line.holderKana, NAME_WIDTH.holder, true), 30),
    N(amountOf(fields, at("amountYen"), line.amountYen), 10),
    line.newCode === undefined ? "0" : NEW_CODES.has(line.newCode) ? line.newCode : fields.refuse(at("newCode"), { code: "invalid_value" }),
    reference,
    blank(10), // customer code 2
    line.transferKind === undefined ? " " : line.transferKind === "telegraphic" ? "7" : line.transferKind === "document" ? "8" : fields.refuse(at("transferKind"), { code: "invalid_value" }),
    " ", // no EDI information
    blank(7),
  ].join("");
}

/**
 * The 総合振込 file for these transfers: header, one data record per line, trailer, end. Refuses
 * (ZenginInvalid, 422 naming each field) codes that are not 4/3/7 digits, names with characters the
 * format cannot carry or longer than their field, amounts that are not whole yen from 1 to
 * 9,999,999,999, no lines, and a count or total larger than the trailer holds. Nothing is written
 * unless every field is valid.
 */
export function writeZenginTransferFile(input: ZenginTransferInput): ZenginFile {
  const fields = new Fields();
  const records = [headerRecord(fields, input.payer, transferMmdd(fields, input.transferDate))];
  if (input.lines.length === 0) fields.refuse("lines", { code: "too_small", params: { minimum: 1, origin: "array" } });
  if (input.lines.length > MAX_COUNT) fields.refuse("lines", { code: "too_big", params: { maximum: MAX_COUNT, origin: "array" } });
  let totalYen = 0;
  input.lines.forEach((line, i) => {
    records.push(dataRecord(fields, line, i));
    totalYen += Number.isInteger(line.amountYen) ? line.amountYen : 0;
  });
  if (totalYen > MAX_TOTAL_YEN) fields.refuse("lines", { code: "zengin_total_too_big", params: { maximum: MAX_TOTAL_YEN } });
  if (Object.keys(fields.errors).length) throw new ZenginInvalid(fields.errors);
  const count = input.lines.length;
  records.push(["8", N(count, 6), N(totalYen, 12), blank(101)].join(""));
  records.push(["9", blank(119)].join(""));

  const bytes = Buffer.alloc(records.length * (RECORD_BYTES + RECORD_SEPARATOR.length));
  let at = 0;
  for (const record of records) {
    // Each record's length is a property of the layout above; checked, since a wrong one corrupts every record after it.
    if (record.length !== RECORD_BYTES) throw new Error(`zengin record ${record[0]} is ${record.length} characters, not ${RECORD_BYTES}`);
    for (const c of record) bytes[at++] = byteOf(c);
    bytes[at++] = 0x0d;
    bytes[at++] = 0x0a;
  }
  return { bytes, count, totalYen };
}
