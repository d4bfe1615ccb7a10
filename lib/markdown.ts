/**
 * A small Markdown reader for case notes: text in, a tree of plain objects out (no HTML string is
 * ever made, so nothing typed can become markup). components/cases/file/markdown.tsx turns the tree
 * into React elements, which escape every text. What it knows: paragraphs (a line break is kept),
 * headings (#…), lists (-, *, + and 1.), quotes (>), fenced code (```), inline code, **bold**,
 * *italic* / _italic_, ~~struck~~, [links](https://…) and bare https:// addresses. A link is a
 * link only when its address is http(s); anything else (javascript:, data:, relative) stays text.
 * Raw HTML is shown as the characters typed.
 */

export type Inline =
  | { type: "text"; text: string }
  | { type: "code"; text: string }
  | { type: "strong" | "em" | "del"; children: Inline[] }
  | { type: "link"; href: string; children: Inline[] }
  | { type: "br" };

export type Block =
  | { type: "p"; children: Inline[] }
  | { type: "heading"; level: 1 | 2 | 3; children: Inline[] }
  | { type: "ul" | "ol"; items: Inline[][]; start?: number }
  | { type: "quote"; children: Block[] }
  | { type: "pre"; text: string };

const FENCE = /^\s{0,3}```/;
const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const BULLET = /^\s{0,3}[-*+]\s+(.*)$/;
const ORDERED = /^\s{0,3}(\d{1,9})[.)]\s+(.*)$/;
const QUOTE = /^\s{0,3}>\s?(.*)$/;

/** The address when it is an absolute http(s) URL, else null. */
export function safeHref(raw: string): string | null {
  const s = raw.trim();
  if (!/^https?:\/\//i.test(s)) return null;
  try {
    const u = new URL(s);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
  } catch {
    return null;
  }
}

export function parseMarkdown(source: string): Block[] {
  return parseBlocks(source.replace(/\r\n?/g, "\n").split("\n"), 0);
}

function parseBlocks(lines: string[], depth: number): Block[] {
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (!line.trim()) {
      i++;
      continue;
    }
    if (FENCE.test(line)) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !FENCE.test(lines[i]!)) body.push(lines[i++]!);
      i++; // the closing fence (or the end)
      blocks.push({ type: "pre", text: body.join("\n") });
      continue;
    }
    const h = HEADING.exec(line);
    if (h) {
      blocks.push({ type: "heading", level: Math.min(h[1]!.length, 3) as 1 | 2 | 3, children: parseInline(h[2]!) });
      i++;
      continue;
    }
    if (QUOTE.test(line) && depth < 3) {
      const body: string[] = [];
      while (i < lines.length && QUOTE.test(lines[i]!)) body.push(QUOTE.exec(lines[i++]!)![1]!);
      blocks.push({ type: "quote", children: parseBlocks(body, depth + 1) });
      continue;
    }
    const listKind = BULLET.test(line) ? "ul" : ORDERED.test(line) ? "ol" : null;
    if (listKind) {
      const re = listKind === "ul" ? BULLET : ORDERED;
      const items: string[] = [];
      const start = listKind === "ol" ? Number(ORDERED.exec(line)![1]) : undefined;
      while (i < lines.length && lines[i]!.trim()) {
        const m = re.exec(lines[i]!);
        if (m) items.push(listKind === "ul" ? m[1]! : m[2]!);
        else if (items.length && /^\s+/.test(lines[i]!)) items[items.length - 1] += `\n${lines[i]!.trim()}`;
        else break;
        i++;
      }
      blocks.push({ type: listKind, items: items.map(parseInline), ...(start !== undefined && start !== 1 ? { start } : {}) });
      continue;
    }
    const para: string[] = [];
    while (i < lines.length && lines[i]!.trim() && !FENCE.test(lines[i]!) && !HEADING.test(lines[i]!) && !QUOTE.test(lines[i]!) && !BULLET.test(lines[i]!) && !ORDERED.test(lines[i]!)) {
      para.push(lines[i++]!.trim());
    }
    if (para.length === 0) {
      // A line no block rule took (e.g. a quote nested too deep): keep it as text.
      para.push(lines[i++]!.trim());
    }
    blocks.push({ type: "p", children: parseInline(para.join("\n")) });
  }
  return blocks;
}

const DELIMS: { mark: string; type: "strong" | "em" | "del" }[] = [
  { mark: "**", type: "strong" },
  { mark: "__", type: "strong" },
  { mark: "~~", type: "del" },
  { mark: "*", type: "em" },
  { mark: "_", type: "em" },
];

/** Inline markup of one block's text. */
export function parseInline(text: string, depth = 0): Inline[] {
  const out: Inline[] = [];
  let buf = "";
  const flush = () => {
    if (buf) out.push({ type: "text", text: buf });
    buf = "";
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "\\" && i + 1 < text.length && /[\\`*_~[\]()#>+\-.!]/.test(text[i + 1]!)) {
      buf += text[i + 1];
      i += 2;
      continue;
    }
    if (c === "\n") {
      flush();
      out.push({ type: "br" });
      i++;
      continue;
    }
    if (c === "`") {
      const end = text.indexOf("`", i + 1);
      if (end > i + 1) {
        flush();
        out.push({ type: "code", text: text.slice(i + 1, end) });
        i = end + 1;
        continue;
      }
    }
    if (c === "[" && depth < 4) {
      const link = readLink(text, i);
      if (link) {
        flush();
        const children = parseInline(link.label, depth + 1);
        const href = safeHref(link.href);
        // Not an http(s) address: the label stays, as text, and nothing can be followed.
        if (href) out.push({ type: "link", href, children });
        else out.push(...children);
        i = link.end;
        continue;
      }
    }
    if ((c === "h" || c === "H") && /^https?:\/\//i.test(text.slice(i, i + 8)) && (i === 0 || /[\s(]/.test(text[i - 1]!))) {
      const m = /^https?:\/\/[^\s<>"]+/i.exec(text.slice(i))!;
      let url = m[0];
      while (/[.,;:!?)\]]$/.test(url)) url = url.slice(0, -1);
      const href = safeHref(url);
      if (href) {
        flush();
        out.push({ type: "link", href, children: [{ type: "text", text: url }] });
        i += url.length;
        continue;
      }
    }
    if (depth < 4) {
      const d = DELIMS.find((x) => text.startsWith(x.mark, i));
      // Underscores inside a word (snake_case, window.__x) are not emphasis.
      if (d && !(d.mark[0] === "_" && i > 0 && WORD.test(text[i - 1]!))) {
        const close = findClose(text, i + d.mark.length, d.mark);
        if (close > 0) {
          flush();
          out.push({ type: d.type, children: parseInline(text.slice(i + d.mark.length, close), depth + 1) });
          i = close + d.mark.length;
          continue;
        }
      }
    }
    buf += c;
    i++;
  }
  flush();
  return out;
}

const WORD = /[\p{L}\p{N}]/u;

/** Where `mark` closes an emphasis opened just before `from`: not right after it, not after a space (nor, for _, before a letter). */
function findClose(text: string, from: number, mark: string): number {
  if (from >= text.length || /\s/.test(text[from]!)) return -1;
  let j = text.indexOf(mark, from + 1);
  while (j > 0) {
    const intraword = mark[0] === "_" && j + mark.length < text.length && WORD.test(text[j + mark.length]!);
    if (!/\s/.test(text[j - 1]!) && text[j - 1] !== "\\" && !intraword) {
      // A single * or _ that is really half of ** or __ does not close.
      if (mark.length === 1 && text[j + 1] === mark) {
        j = text.indexOf(mark, j + 2);
        continue;
      }
      return j;
    }
    j = text.indexOf(mark, j + 1);
  }
  return -1;
}

function readLink(text: string, at: number): { label: string; href: string; end: number } | null {
  let depth = 0;
  let j = at;
  for (; j < text.length; j++) {
    if (text[j] === "[") depth++;
    else if (text[j] === "]" && --depth === 0) break;
  }
  if (j >= text.length || text[j + 1] !== "(") return null;
  const close = text.indexOf(")", j + 2);
  if (close < 0) return null;
  return { label: text.slice(at + 1, j), href: text.slice(j + 2, close), end: close + 1 };
}
