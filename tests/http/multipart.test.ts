import fc from "fast-check";
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { readMultipartFile, type UploadLimits } from "@/lib/http/multipart";

const LIMITS: UploadLimits = { field: "file", maxBytes: 1000, tooLargeCode: "file_too_large" };

async function encoded(form: FormData): Promise<{ bytes: Buffer; type: string }> {
  const res = new Response(form);
  return { bytes: Buffer.from(await res.arrayBuffer()), type: res.headers.get("content-type")! };
}

/** The bytes as a stream of chunks of the given sizes (the last takes the rest), counting what was pulled. */
function chunked(bytes: Buffer, sizes: number[]): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  let at = 0;
  let i = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      const n = Math.max(1, sizes[i++ % Math.max(1, sizes.length)] ?? bytes.length);
      controller.enqueue(bytes.subarray(at, at + n));
      at += n;
    },
  });
  return { stream, pulled: () => Math.min(at, bytes.length) };
}

async function refusal(p: Promise<unknown>): Promise<{ status: number; code: string; fields?: Record<string, { code: string }> }> {
  try {
    await p;
  } catch (e) {
    return e as { status: number; code: string };
  }
  throw new Error("expected a refusal");
}

describe("multipart/form-data: one file read as it streams in", () => {
  it("returns the file's name, bytes and SHA-256 whatever the chunking (boundaries split anywhere), skipping other fields", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 0, maxLength: 900 }), fc.array(fc.integer({ min: 1, max: 97 }), { minLength: 1, maxLength: 20 }), async (content, sizes) => {
        const form = new FormData();
        form.append("note", "before\r\n--not-a-boundary");
        form.append("file", new Blob([content], { type: "application/pdf" }), "振込明細 \"2026\".pdf");
        form.append("after", "x");
        const { bytes, type } = await encoded(form);
        const file = await readMultipartFile(chunked(bytes, sizes).stream, type, LIMITS);
        expect(file.bytes.equals(Buffer.from(content))).toBe(true);
        expect(file.size).toBe(content.length);
        expect(file.sha256).toBe(createHash("sha256").update(content).digest("hex"));
        expect(file.fileName).toBe("振込明細 \"2026\".pdf".replace(/"/g, "%22"));
        expect(file.declaredType).toBe("application/pdf");
      }),
      { numRuns: 150 },
    );
  });

  it("refuses a file one byte over the limit with its 413 code as soon as that byte arrives, reading no further", async () => {
    const form = new FormData();
    form.append("file", new Blob([Buffer.alloc(5000, 0x41)]), "big.csv");
    const { bytes, type } = await encoded(form);
    const body = chunked(bytes, [100]);
    const err = await refusal(readMultipartFile(body.stream, type, LIMITS));
    expect(err).toMatchObject({ status: 413, code: "file_too_large", fields: { file: { code: "file_too_large" } } });
    expect(body.pulled()).toBeLessThan(1000 + 400);

    const exact = new FormData();
    exact.append("file", new Blob([Buffer.alloc(1000, 0x41)]), "exact.csv");
    const ok = await encoded(exact);
    expect((await readMultipartFile(chunked(ok.bytes, [7]).stream, ok.type, LIMITS)).size).toBe(1000);
  });

  it("answers 415 for another type, 422 required without the file field, 400 for a body cut short", async () => {
    expect(await refusal(readMultipartFile(null, "application/json", LIMITS))).toMatchObject({ status: 415, code: "unsupported_media_type" });
    const noFile = new FormData();
    noFile.append("other", new Blob(["x"]), "x.pdf");
    noFile.append("file", "a text field, not a file");
    const a = await encoded(noFile);
    expect(await refusal(readMultipartFile(chunked(a.bytes, [50]).stream, a.type, LIMITS))).toMatchObject({ status: 422, fields: { file: { code: "required" } } });
    const form = new FormData();
    form.append("file", new Blob(["%PDF-1.7 hello"]), "a.pdf");
    const b = await encoded(form);
    const cut = b.bytes.subarray(0, b.bytes.length - 10);
    expect(await refusal(readMultipartFile(chunked(cut, [50]).stream, b.type, LIMITS))).toMatchObject({ status: 400, code: "bad_request" });
  });
});
