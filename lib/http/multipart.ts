import { createHash } from "node:crypto";
import { AppError, BadRequest, Invalid, TooLarge } from "@/lib/errors";

/** One file taken from a multipart/form-data body, hashed while it was read. */
export interface UploadedFile {
  /** The file name the browser sent (its last path segment; "" when none). */
  fileName: string;
  /** The Content-Type the browser declared for the part (never trusted: the content is checked). */
  declaredType: string;
  bytes: Buffer;
  size: number;
  /** SHA-256 of the bytes, lowercase hex. */
  sha256: string;
}

export interface UploadLimits {
  /** The form field carrying the file. */
  field: string;
  /** Largest file accepted, in bytes; one byte more is refused as soon as it arrives. */
  maxBytes: number;
  /** The problem code of a file over `maxBytes` (413). */
  tooLargeCode: string;
}

/** Room for the part headers, the boundaries and a few small fields around the file. */
export const MULTIPART_OVERHEAD = 64 * 1024;
const MAX_HEADER_BYTES = 16 * 1024;
const CRLF = Buffer.from("\r\n");
const HEADER_END = Buffer.from("\r\n\r\n");

export function tooLargeFile(limits: UploadLimits): AppError {
  return new AppError(413, limits.tooLargeCode, `The file may be at most ${limits.maxBytes} bytes.`, { [limits.field]: { code: limits.tooLargeCode, params: { maximum: limits.maxBytes } } }, {
    maximum: limits.maxBytes,
  });
}

/** The boundary of a multipart/form-data Content-Type, or null when the type is another. */
export function multipartBoundary(contentType: string | null): string | null {
  if (!contentType || !/^multipart\/form-data\s*(;|$)/i.test(contentType)) return null;
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))/i.exec(contentType);
  return m ? (m[1] ?? m[2] ?? null) : null;
}

interface PartHeaders {
  name: string | null;
  fileName: string | null;
  type: string;
}

function parseDispositionParam(value: string, key: string): string | null {
  // filename="a \"b\".pdf" (quoted, with escapes) or filename=a.pdf; browsers send UTF-8 as is.
  const re = new RegExp(`;\\s*${key}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]*))`, "i");
  const m = re.exec(value);
  if (!m) return null;
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, "$1") : (m[2] ?? "");
}

function parseExtendedFileName(value: string): string | null {
  // RFC 5987 filename*=UTF-8''%E6%8C%AF%E8%BE%BC.pdf (some clients send it beside filename).
  const m = /;\s*filename\*\s*=\s*utf-8''([^;\s]*)/i.exec(value);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return null;
  }
}

function parsePartHeaders(raw: Buffer): PartHeaders {
  const out: PartHeaders = { name: null, fileName: null, type: "application/octet-stream" };
  for (const line of raw.toString("utf8").split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === "content-disposition") {
      if (!/^form-data\b/i.test(value)) throw new BadRequest("A part of the body is not form-data.");
      out.name = parseDispositionParam(value, "name");
      out.fileName = parseExtendedFileName(value) ?? parseDispositionParam(value, "filename");
    } else if (key === "content-type") {
      out.type = value.toLowerCase();
    }
  }
  return out;
}

/** The last segment of a path a client may have sent ("C:\\fakepath\\a.pdf" → "a.pdf"). */
function baseName(name: string): string {
  const parts = name.split(/[\\/]/);
  return parts[parts.length - 1] ?? "";
}

/**
 * Reads the one file of a multipart/form-data body as it streams in: its bytes (at most
 * `maxBytes`, refused with 413 the moment one more arrives, the rest left unread), its size and
 * SHA-256 computed on the way. Other fields are skipped; the whole body may be at most the file's
 * limit plus MULTIPART_OVERHEAD. A body that is cut short or malformed is 400; one without the
 * field is 422 with `errors[field] = required`.
 */
export async function readMultipartFile(body: ReadableStream<Uint8Array> | null, contentType: string | null, limits: UploadLimits): Promise<UploadedFile> {
  const boundary = multipartBoundary(contentType);
  if (!boundary) throw new AppError(415, "unsupported_media_type", "Send the body as multipart/form-data.");
  if (!body) throw new Invalid("The body carries no file.", { [limits.field]: { code: "required" } });
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const reader = body.getReader();
  const maxTotal = limits.maxBytes + MULTIPART_OVERHEAD;

  // A CRLF in front, so the first boundary (which may open the body) is found like the others.
  let buf: Buffer = CRLF;
  let total = 0;
  let ended = false;
  let state: "preamble" | "after-boundary" | "headers" | "part" | "done" = "preamble";
  let part: PartHeaders | null = null;
  let taking = false;
  const chunks: Buffer[] = [];
  let size = 0;
  const hash = createHash("sha256");
  let found: UploadedFile | null = null;

  const pull = async (): Promise<boolean> => {
    if (ended) return false;
    const { done, value } = await reader.read();
    if (done) {
      ended = true;
      return false;
    }
    total += value.byteLength;
    if (total > maxTotal) throw taking || size > 0 ? tooLargeFile(limits) : new TooLarge(`The body may be at most ${maxTotal} bytes.`);
    buf = buf.length ? Buffer.concat([buf, value]) : Buffer.from(value);
    return true;
  };

  const take = (data: Buffer) => {
    if (!taking || data.length === 0) return;
    size += data.length;
    if (size > limits.maxBytes) throw tooLargeFile(limits);
    hash.update(data);
    chunks.push(Buffer.from(data));
  };

  try {
    while (state !== "done") {
      if (state === "preamble" || state === "part") {
        const at = buf.indexOf(delimiter);
        if (at >= 0) {
          if (state === "part") {
            take(buf.subarray(0, at));
            if (taking) {
              found = { fileName: baseName(part?.fileName ?? ""), declaredType: part?.type ?? "application/octet-stream", bytes: Buffer.concat(chunks), size, sha256: hash.digest("hex") };
              taking = false;
            }
          }
          buf = buf.subarray(at + delimiter.length);
          state = "after-boundary";
          continue;
        }
        // Keep what could be the start of a delimiter split across two chunks.
        const keep = Math.min(buf.length, delimiter.length - 1);
        if (state === "part") take(buf.subarray(0, buf.length - keep));
        buf = buf.subarray(buf.length - keep);
        if (!(await pull())) throw new BadRequest("The multipart body ends before its closing boundary.");
        continue;
      }
      if (state === "after-boundary") {
        if (buf.length < 2 && !(await pull())) throw new BadRequest("The multipart body ends before its closing boundary.");
        if (buf.length < 2) continue;
        if (buf[0] === 0x2d && buf[1] === 0x2d) {
          state = "done";
          continue;
        }
        // Transport padding (spaces, tabs) may follow a boundary before its CRLF.
        const eol = buf.indexOf(CRLF);
        if (eol < 0) {
          if (buf.length > 256) throw new BadRequest("A multipart boundary is followed by something else than a line end.");
          if (!(await pull())) throw new BadRequest("The multipart body ends before its closing boundary.");
          continue;
        }
        if (buf.subarray(0, eol).some((b) => b !== 0x20 && b !== 0x09)) throw new BadRequest("A multipart boundary is followed by something else than a line end.");
        buf = buf.subarray(eol + 2);
        state = "headers";
        continue;
      }
      // headers
      const end = buf.indexOf(HEADER_END);
      const emptyHeaders = buf.subarray(0, 2).equals(CRLF);
      if (end < 0 && !emptyHeaders) {
        if (buf.length > MAX_HEADER_BYTES) throw new BadRequest("A part's headers are too long.");
        if (!(await pull())) throw new BadRequest("The multipart body ends inside a part's headers.");
        continue;
      }
      part = emptyHeaders ? { name: null, fileName: null, type: "application/octet-stream" } : parsePartHeaders(buf.subarray(0, end));
      buf = buf.subarray(emptyHeaders ? 2 : end + HEADER_END.length);
      taking = !found && part.name === limits.field && part.fileName !== null;
      state = "part";
    }
  } finally {
    if (!ended) await reader.cancel().catch(() => undefined);
  }
  if (!found) throw new Invalid("The body carries no file.", { [limits.field]: { code: "required" } });
  return found;
}
