import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkEvidence, cleanFileName } from "@/lib/cases/evidence-check";
import { evidenceFileExists, withEvidenceFile } from "@/lib/cases/evidence-store";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lg-evidence-store-"));
process.env.LINKGUARD_EVIDENCE_DIR = dir;
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const b = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "latin1") : Buffer.from(p))));

describe("evidence kinds: the extension and the content must agree", () => {
  it("accepts each kind by its magic bytes or text shape, stored with the kind's own type", () => {
    const ok: [string, Buffer, string][] = [
      ["a.pdf", b("%PDF-1.4\n..."), "application/pdf"],
      ["a.PNG", b([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "rest"), "image/png"],
      ["a.jpeg", b([0xff, 0xd8, 0xff, 0xe0], "JFIF"), "image/jpeg"],
      ["a.jpg", b([0xff, 0xd8, 0xff, 0xe1], "Exif"), "image/jpeg"],
      ["a.gif", b("GIF89a", [1, 0, 1, 0]), "image/gif"],
      ["a.webp", b("RIFF", [0, 0, 0, 0], "WEBPVP8 "), "image/webp"],
      ["IMG_0001.HEIC", b([0, 0, 0, 0x18], "ftypheic", [0, 0, 0, 0]), "image/heic"],
      ["明細.csv", Buffer.from("日付,金額\n2026/03/01,50000\n"), "text/csv"],
      ["sjis.csv", b([0x93, 0xfa, 0x95, 0x74, 0x2c, 0x8b, 0xe0, 0x8a, 0x7a, 0x0a]), "text/csv"],
      ["phish.eml", Buffer.from("Received: from x\r\n by y\r\nFrom: a@b.example\r\nSubject: hi\r\n\r\nbody"), "message/rfc822"],
    ];
    for (const [name, bytes, type] of ok) expect([name, checkEvidence(name, bytes).contentType]).toEqual([name, type]);
  });

  it("refuses other extensions (evidence_type), disguised content (evidence_mismatch) and empty files (evidence_empty)", () => {
    const refused: [string, Buffer, string][] = [
      ["tool.exe", b("MZ", [0, 0]), "evidence_type"],
      ["page.html", Buffer.from("<html>"), "evidence_type"],
      ["logo.svg", Buffer.from("<svg/>"), "evidence_type"],
      ["noextension", b("%PDF-1.4"), "evidence_type"],
      ["tool.pdf", b("MZ", [0, 0]), "evidence_mismatch"],
      ["photo.png", b([0xff, 0xd8, 0xff]), "evidence_mismatch"],
      ["page.csv", b("%PDF-1.4\n"), "evidence_mismatch"],
      ["page.eml", Buffer.from("<html><body>hi</body></html>"), "evidence_mismatch"],
      ["empty.png", Buffer.alloc(0), "evidence_empty"],
    ];
    for (const [name, bytes, code] of refused) {
      let got: unknown;
      try {
        checkEvidence(name, bytes);
      } catch (e) {
        got = (e as { code: string }).code;
      }
      expect([name, got]).toEqual([name, code]);
    }
  });

  it("keeps a stored name free of control characters and quotes, at most 200 characters with its extension", () => {
    expect(cleanFileName('a"b\r\nc.pdf')).toBe("a_b__c.pdf");
    const long = cleanFileName(`${"長".repeat(300)}.pdf`);
    expect(long).toHaveLength(200);
    expect(long.endsWith(".pdf")).toBe(true);
  });
});

describe("evidence files beside the embedded database", () => {
  it("a file written for a transaction that fails is removed; one that was there before stays", async () => {
    const sha = "a".repeat(64);
    await expect(withEvidenceFile(sha, Buffer.from("x"), async () => Promise.reject(new Error("rolled back")))).rejects.toThrow("rolled back");
    expect(evidenceFileExists(sha)).toBe(false);
    await withEvidenceFile(sha, Buffer.from("x"), async () => undefined);
    expect(evidenceFileExists(sha)).toBe(true);
    await expect(withEvidenceFile(sha, Buffer.from("x"), async () => Promise.reject(new Error("rolled back")))).rejects.toThrow();
    expect(evidenceFileExists(sha)).toBe(true);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });
});
