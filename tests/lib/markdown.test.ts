import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Markdown } from "@/components/cases/file/markdown";
import { parseInline, parseMarkdown, safeHref } from "@/lib/markdown";

const html = (text: string) => renderToStaticMarkup(createElement(Markdown, { text }));

describe("case notes' Markdown (lib/markdown.ts, components/cases/file/markdown.tsx)", () => {
  it("reads paragraphs with their line breaks, headings, lists, quotes and fenced code", () => {
    expect(parseMarkdown("# Title\n\nfirst line\nsecond line\n\n- a\n- b\n\n3. c\n4. d\n\n> quoted\n\n```\n<b>x</b>\n```")).toEqual([
      { type: "heading", level: 1, children: [{ type: "text", text: "Title" }] },
      { type: "p", children: [{ type: "text", text: "first line" }, { type: "br" }, { type: "text", text: "second line" }] },
      { type: "ul", items: [[{ type: "text", text: "a" }], [{ type: "text", text: "b" }]] },
      { type: "ol", start: 3, items: [[{ type: "text", text: "c" }], [{ type: "text", text: "d" }]] },
      { type: "quote", children: [{ type: "p", children: [{ type: "text", text: "quoted" }] }] },
      { type: "pre", text: "<b>x</b>" },
    ]);
  });

  it("reads bold, italic, struck, inline code and escapes", () => {
    expect(parseInline("**bold** *it* _it_ ~~gone~~ `a*b` \\*not\\*")).toEqual([
      { type: "strong", children: [{ type: "text", text: "bold" }] },
      { type: "text", text: " " },
      { type: "em", children: [{ type: "text", text: "it" }] },
      { type: "text", text: " " },
      { type: "em", children: [{ type: "text", text: "it" }] },
      { type: "text", text: " " },
      { type: "del", children: [{ type: "text", text: "gone" }] },
      { type: "text", text: " " },
      { type: "code", text: "a*b" },
      { type: "text", text: " *not*" },
    ]);
    expect(parseInline("2 * 3 * 4")).toEqual([{ type: "text", text: "2 * 3 * 4" }]);
    // Underscores inside words are not emphasis.
    expect(parseInline("snake_case_name and window.__pwned = 1 then x.__y")).toEqual([{ type: "text", text: "snake_case_name and window.__pwned = 1 then x.__y" }]);
  });

  it("links only absolute http(s) addresses, with noopener, and keeps anything else as text", () => {
    expect(safeHref("https://example.com/a?b=1")).toBe("https://example.com/a?b=1");
    for (const bad of ["javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "data:text/html,<script>", "//evil.example", "/relative", "vbscript:x", "http//x"]) {
      expect(safeHref(bad), bad).toBeNull();
    }
    const out = html("see [the report](https://bank.example/r/1) and https://example.com/x. and [click](javascript:alert(document.cookie))");
    expect(out).toContain('<a href="https://bank.example/r/1" target="_blank" rel="noopener noreferrer nofollow"');
    expect(out).toContain('<a href="https://example.com/x" target="_blank" rel="noopener noreferrer nofollow"');
    expect(out).not.toMatch(/href="javascript/i);
    expect(out).toContain("click");
  });

  it("shows typed HTML as the characters typed: no element, attribute or script comes of it", () => {
    const out = html('<script>alert(1)</script>\n<img src=x onerror="alert(1)">\n**<b>bold</b>**\n[x](https://a.example/"onmouseover="alert(1))');
    expect(out).not.toContain("<script");
    expect(out).not.toContain("<img");
    expect(out).not.toContain("<b>");
    expect(out).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(out).toContain("&lt;img src=x onerror=");
    expect(out).not.toMatch(/ onmouseover=/);
  });

  it("never fails on what a person may type", () => {
    for (const s of ["", "*", "**", "[", "[a](", "```", "> > > > > deep", "- \n-", "_a_b_", "a\\", "`", "1. ", "#"]) {
      expect(() => html(s), JSON.stringify(s)).not.toThrow();
    }
  });
});
