import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { GET as listRoute, POST as uploadRoute } from "@/app/api/v1/cases/[caseId]/evidence/route";
import { GET as downloadRoute } from "@/app/api/v1/cases/[caseId]/evidence/[evidenceId]/route";
import type { Db } from "@/db";
import { auditLog, caseEvents, caseEvidence, cases } from "@/db/schema";
import type { StaffActor } from "@/lib/auth/actor";
import { EVIDENCE_MAX_BYTES } from "@/lib/cases/evidence-kinds";
import { findCase } from "@/lib/cases/find";
import { openOrAddToCase } from "@/lib/cases/open";
import { changeCase } from "@/lib/cases/write";
import { buildFixture, type Fixture } from "../accounts/support";
import { signedIn } from "../admin/support";
import { describeEachDb } from "../support/db";
import { sessionCookie } from "../support/session-cookie";

const EVIDENCE_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "lg-evidence-"));
process.env.LINKGUARD_EVIDENCE_DIR = EVIDENCE_DIR;
afterAll(() => fs.rmSync(EVIDENCE_DIR, { recursive: true, force: true }));

const PDF = Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7) % 256)), Buffer.from("\n%%EOF\n")]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
const EXE = Buffer.concat([Buffer.from("MZ"), Buffer.alloc(200, 0)]);
const EML = Buffer.from("Return-Path: <x@phish.example>\r\nFrom: \"Bank\" <x@phish.example>\r\nSubject: =?UTF-8?B?5pys5Lq656K66KqN?=\r\n\r\nClick here\r\n");
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

function files(): string[] {
  return fs.existsSync(EVIDENCE_DIR) ? fs.readdirSync(EVIDENCE_DIR).sort() : [];
}

describeEachDb("cases: evidence upload, list and download", (ctx) => {
  let fx: Fixture;
  let db: Db;
  const sessions = new Map<string, { actor: StaffActor; cookie: string }>();
  /** The Cookie header of the caller named by the last `as` (the requests below carry it). */
  let cookie = "";
  let bank0108Case: { id: string; reference: string };
  let bank0108Other: { id: string; reference: string };
  let bank0101Case: { id: string; reference: string };

  async function as(email: string) {
    let s = sessions.get(email);
    if (!s) {
      const { actor, sessionId } = await signedIn(db, email);
      sessions.set(email, (s = { actor, cookie: await sessionCookie(sessionId) }));
    }
    cookie = s.cookie;
    return s.actor;
  }

  async function open(bank: string, index: number) {
    const link = fx.byBank(bank).filter((l) => l.openCases === 0)[index]!;
    const investigator = await fx.actor("investigator@carrier.demo");
    return db.transaction((tx) => openOrAddToCase(tx, investigator, { link: { id: link.id, bankId: fx.orgIds.get(bank)! }, source: "manual", severity: "medium" }));
  }

  function upload(caseId: string, name: string, content: Buffer | Blob, init: { headers?: Record<string, string> } = {}) {
    const form = new FormData();
    form.append("file", content instanceof Blob ? content : new Blob([new Uint8Array(content)]), name);
    return uploadRoute(
      new Request(`http://localhost/api/v1/cases/${caseId}/evidence`, { method: "POST", headers: { host: "localhost", origin: "http://localhost", cookie, ...init.headers }, body: form }),
      { params: Promise.resolve({ caseId }) },
    );
  }

  const list = (caseId: string) => listRoute(new Request(`http://localhost/api/v1/cases/${caseId}/evidence`, { headers: { host: "localhost", cookie } }), { params: Promise.resolve({ caseId }) });
  const download = (caseId: string, evidenceId: string) =>
    downloadRoute(new Request(`http://localhost/api/v1/cases/${caseId}/evidence/${evidenceId}`, { headers: { host: "localhost", cookie } }), { params: Promise.resolve({ caseId, evidenceId }) });

  async function stored(caseId: string) {
    return {
      rows: await db.select({ id: caseEvidence.id }).from(caseEvidence).where(eq(caseEvidence.caseId, caseId)),
      events: await db.select({ kind: caseEvents.kind }).from(caseEvents).where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.kind, "evidence_added"))),
      files: files(),
    };
  }

  beforeAll(async () => {
    db = ctx.handle.db as Db;
    fx = await buildFixture(db);
    bank0108Case = await open("0108", 0);
    bank0108Other = await open("0108", 1);
    bank0101Case = await open("0101", 0);
  });

  it("an investigator's PDF round-trips byte for byte: 201 with size and SHA-256, listed with who and when, downloaded as an attachment of its type with nosniff; timeline, audit of the upload and of the download", async () => {
    const investigator = await as("investigator@carrier.demo");
    const res = await upload(bank0108Case.reference, "振込明細.pdf", PDF);
    expect(res.status, await res.clone().text()).toBe(201);
    const item = (await res.json()) as { id: string; sha256: string; sizeBytes: number; contentType: string; fileName: string; kind: string; uploadedBy: { id: string } };
    expect(item).toMatchObject({ fileName: "振込明細.pdf", kind: "pdf", contentType: "application/pdf", sizeBytes: PDF.length, sha256: sha(PDF), uploadedBy: { id: investigator.userId } });

    const listed = (await (await list(bank0108Case.id)).json()) as { items: { id: string; sha256: string; uploadedBy: { displayName: string }; uploadedAt: string }[] };
    expect(listed.items.map((i) => i.id)).toEqual([item.id]);
    expect(listed.items[0]).toMatchObject({ sha256: sha(PDF), uploadedBy: { displayName: investigator.displayName } });

    const got = await download(bank0108Case.id, item.id);
    expect(got.status).toBe(200);
    expect(got.headers.get("content-type")).toBe("application/pdf");
    expect(got.headers.get("x-content-type-options")).toBe("nosniff");
    expect(got.headers.get("content-disposition")).toBe(`attachment; filename="____.pdf"; filename*=UTF-8''${encodeURIComponent("振込明細.pdf")}`);
    const bytes = Buffer.from(await got.arrayBuffer());
    expect(bytes.equals(PDF)).toBe(true);
    expect(sha(bytes)).toBe(got.headers.get("x-content-sha256"));

    const [row] = await db.select().from(caseEvidence).where(eq(caseEvidence.id, item.id));
    if (ctx.kind === "pglite") {
      expect(row).toMatchObject({ storage: "file", content: null });
      expect(fs.readFileSync(path.join(EVIDENCE_DIR, sha(PDF))).equals(PDF)).toBe(true);
    } else {
      expect(row!.storage).toBe("database");
      expect(row!.content!.equals(PDF)).toBe(true);
    }
    const events = await db.select().from(caseEvents).where(and(eq(caseEvents.caseId, bank0108Case.id), eq(caseEvents.kind, "evidence_added")));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorId: investigator.userId, body: { evidenceId: item.id, sha256: sha(PDF), sizeBytes: PDF.length } });
    const audit = await db.select({ action: auditLog.action, after: auditLog.after }).from(auditLog).where(eq(auditLog.entityId, bank0108Case.id));
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["case.evidence_added", "case.evidence_downloaded"]));
    expect(audit.find((a) => a.action === "case.evidence_downloaded")!.after).toMatchObject({ evidenceId: item.id, sha256: sha(PDF) });
  });

  it("adding evidence wakes a snoozed case without a new version: an edit made on the version read before it still applies", async () => {
    const investigator = await as("investigator@carrier.demo");
    await db.update(cases).set({ snoozedUntil: new Date(Date.now() + 86_400_000) }).where(eq(cases.id, bank0108Other.id));
    const [before] = await db.select().from(cases).where(eq(cases.id, bank0108Other.id));
    expect((await upload(bank0108Other.id, "mail.eml", EML)).status).toBe(201);
    const [after] = await db.select().from(cases).where(eq(cases.id, bank0108Other.id));
    expect(after).toMatchObject({ version: before!.version, snoozedUntil: null });
    expect(after!.lastActivityAt.getTime()).toBeGreaterThan(before!.lastActivityAt.getTime());
    await db.transaction(async (tx) => {
      const row = await findCase(tx, investigator, bank0108Other.id, { lock: true });
      await changeCase(tx, investigator, row, before!.version, { patch: { status: "triage" }, events: [{ kind: "status_changed", body: { from: "new", to: "triage" } }], audit: { action: "case.status_changed" } });
    });
  });

  it("a wrong type, content that is not its extension's kind, an empty file and 20 MiB + 1 byte are refused with their codes, and nothing is stored (no row, no file, no timeline entry)", async () => {
    await as("investigator@carrier.demo");
    const before = await stored(bank0101Case.id);
    const cases: [string, Buffer | Blob, number, string][] = [
      ["setup.exe", EXE, 415, "evidence_type"],
      ["statement.pdf", PNG, 422, "evidence_mismatch"],
      ["invoice.pdf", EXE, 422, "evidence_mismatch"],
      ["rows.csv", Buffer.from("a,b\u0000c"), 422, "evidence_mismatch"],
      ["note.eml", Buffer.from("just words, no headers\r\n"), 422, "evidence_mismatch"],
      ["empty.pdf", Buffer.alloc(0), 422, "evidence_empty"],
      ["huge.pdf", new Blob([Buffer.from("%PDF-1.7\n"), Buffer.alloc(EVIDENCE_MAX_BYTES + 1 - 9, 0x20)]), 413, "evidence_too_large"],
    ];
    for (const [name, content, status, code] of cases) {
      const res = await upload(bank0101Case.id, name, content);
      const body = (await res.json()) as { code: string; errors?: Record<string, { code: string }> };
      expect([name, res.status, body.code, body.errors?.file?.code]).toEqual([name, status, code, code]);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
    }
    expect(await stored(bank0101Case.id)).toEqual(before);
  });

  it("a body larger than 20 MiB is refused with 413 before it is read whole: at once when Content-Length says so, else as soon as the file passes the limit", async () => {
    await as("investigator@carrier.demo");
    const declared = await upload(bank0101Case.id, "big.pdf", new Blob(["%PDF-1.7"]), { headers: { "content-length": String(21 * 1024 * 1024) } });
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as { code: string }).code).toBe("evidence_too_large");

    // 25 MiB streamed without a length, produced on demand: counted as it is pulled.
    const boundary = "----lgtest";
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n`);
    let produced = 0;
    const total = 25 * 1024 * 1024;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (produced === 0) {
          produced += head.length;
          return c.enqueue(head);
        }
        if (produced >= total) return c.close();
        produced += 64 * 1024;
        c.enqueue(Buffer.alloc(64 * 1024, 0x20));
      },
    });
    const res = await uploadRoute(
      new Request(`http://localhost/api/v1/cases/${bank0101Case.id}/evidence`, {
        method: "POST",
        headers: { host: "localhost", origin: "http://localhost", cookie, "content-type": `multipart/form-data; boundary=${boundary}` },
        body: stream,
        duplex: "half",
      } as RequestInit),
      { params: Promise.resolve({ caseId: bank0101Case.id }) },
    );
    expect(res.status).toBe(413);
    expect(produced).toBeLessThan(EVIDENCE_MAX_BYTES + 4 * 64 * 1024);
    expect((await stored(bank0101Case.id)).rows).toHaveLength(0);
  });

  it("a bank operator may attach what the customer sent to their bank's case; an auditor may not (403), another bank's staff get 404, before the file is read", async () => {
    await as("operator@bank0101.demo");
    expect((await upload(bank0101Case.id, "screenshot.png", PNG)).status).toBe(201);
    await as("auditor@carrier.demo");
    expect((await upload(bank0101Case.id, "x.png", PNG)).status).toBe(403);
    await as("investigator@bank0108.demo");
    expect((await upload(bank0101Case.id, "x.png", PNG)).status).toBe(404);
    await as("auditor@carrier.demo");
    const listed = (await (await list(bank0101Case.reference)).json()) as { items: { fileName: string }[] };
    expect(listed.items.map((i) => i.fileName)).toEqual(["screenshot.png"]);
  });

  it("another bank's staff get 404 on the list and the download, even with a case id of their own; a bank's staff cannot fetch another case's evidence by its id", async () => {
    await as("investigator@carrier.demo");
    const res = await upload(bank0108Case.id, "photo.png", PNG);
    const foreign = ((await res.json()) as { id: string }).id;

    await as("investigator@bank0101.demo");
    for (const r of [await list(bank0108Case.id), await list(bank0108Case.reference), await download(bank0108Case.id, foreign), await download(bank0101Case.id, foreign)]) {
      expect(r.status).toBe(404);
      expect(await r.text()).not.toContain("photo.png");
    }
    // Bank 0108's own staff: the evidence of one case is not found under another case of theirs.
    await as("investigator@bank0108.demo");
    expect((await download(bank0108Other.id, foreign)).status).toBe(404);
    expect((await download(bank0108Case.id, foreign)).status).toBe(200);
    const downloads = await db.select().from(auditLog).where(and(eq(auditLog.action, "case.evidence_downloaded"), eq(auditLog.entityId, bank0108Other.id)));
    expect(downloads).toHaveLength(0);
  });

  it("an upload under an Idempotency-Key is attached once: the same file again gets the first answer, another file under the key 422", async () => {
    await as("investigator@carrier.demo");
    const key = { "idempotency-key": `evidence-${ctx.kind}-1` };
    const first = await upload(bank0101Case.id, "once.csv", Buffer.from("a,b\n1,2\n"), { headers: key });
    expect(first.status).toBe(201);
    const again = await upload(bank0101Case.id, "once.csv", Buffer.from("a,b\n1,2\n"), { headers: key });
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.text()).toBe(await first.text());
    const other = await upload(bank0101Case.id, "once.csv", Buffer.from("a,b\n3,4\n"), { headers: key });
    expect(other.status).toBe(422);
    expect(((await other.json()) as { code: string }).code).toBe("idempotency_key_reused");
    const rows = await db.select().from(caseEvidence).where(and(eq(caseEvidence.caseId, bank0101Case.id), eq(caseEvidence.fileName, "once.csv")));
    expect(rows).toHaveLength(1);
  });

  it("the same content attached twice is two entries over one stored file (PGlite) or two rows (PostgreSQL)", async () => {
    await as("investigator@carrier.demo");
    const before = files();
    const a = (await (await upload(bank0108Other.id, "again-1.pdf", PDF)).json()) as { sha256: string };
    const b = (await (await upload(bank0108Other.id, "again-2.pdf", PDF)).json()) as { sha256: string };
    expect(a.sha256).toBe(b.sha256);
    if (ctx.kind === "pglite") expect(files()).toEqual(before.includes(sha(PDF)) ? before : [...before, sha(PDF)].sort());
    const rows = await db.select().from(caseEvidence).where(and(eq(caseEvidence.caseId, bank0108Other.id), eq(caseEvidence.sha256, sha(PDF))));
    expect(rows).toHaveLength(2);
  });
});
