import { Fragment, type ReactNode } from "react";
import { parseMarkdown, type Block, type Inline } from "@/lib/markdown";

/**
 * A note's Markdown as React elements (lib/markdown.ts reads it): every text goes through React,
 * which escapes it, so typed HTML shows as typed and never runs; links are http(s) only and open
 * in a new tab without a handle on this one (rel noopener noreferrer).
 */
export function Markdown({ text }: { text: string }) {
  return <div className="space-y-2 break-words text-sm text-slate-900">{parseMarkdown(text).map(block)}</div>;
}

function block(b: Block, key: number): ReactNode {
  switch (b.type) {
    case "p":
      return <p key={key}>{inlines(b.children)}</p>;
    case "heading":
      return (
        <p key={key} role="heading" aria-level={b.level + 3} className={b.level === 1 ? "text-base font-bold" : "font-semibold"}>
          {inlines(b.children)}
        </p>
      );
    case "ul":
      return (
        <ul key={key} className="list-disc space-y-0.5 pl-5">
          {b.items.map((item, i) => (
            <li key={i}>{inlines(item)}</li>
          ))}
        </ul>
      );
    case "ol":
      return (
        <ol key={key} start={b.start} className="list-decimal space-y-0.5 pl-5">
          {b.items.map((item, i) => (
            <li key={i}>{inlines(item)}</li>
          ))}
        </ol>
      );
    case "quote":
      return (
        <blockquote key={key} className="space-y-2 border-l-4 border-slate-300 pl-3 text-slate-700">
          {b.children.map(block)}
        </blockquote>
      );
    case "pre":
      return (
        <pre key={key} className="overflow-x-auto rounded bg-slate-100 p-2 font-mono text-xs">
          <code>{b.text}</code>
        </pre>
      );
  }
}

function inlines(nodes: Inline[]): ReactNode {
  return nodes.map((n, i) => <Fragment key={i}>{inline(n)}</Fragment>);
}

function inline(n: Inline): ReactNode {
  switch (n.type) {
    case "text":
      return n.text;
    case "br":
      return <br />;
    case "code":
      return <code className="rounded bg-slate-100 px-1 font-mono text-xs">{n.text}</code>;
    case "strong":
      return <strong>{inlines(n.children)}</strong>;
    case "em":
      return <em>{inlines(n.children)}</em>;
    case "del":
      return <del>{inlines(n.children)}</del>;
    case "link":
      return (
        <a href={n.href} target="_blank" rel="noopener noreferrer nofollow" className="text-brand-700 underline underline-offset-2">
          {inlines(n.children)}
        </a>
      );
  }
}
