import fs from "node:fs";
import path from "node:path";
import { twMerge } from "tailwind-merge";
import { describe, expect, it } from "vitest";
import { mergeClasses } from "@/lib/class-merge";
import { cn } from "@/lib/utils";

/**
 * cn() no longer ships tailwind-merge (10 kB of every page's first load, issue #13 §9): its own
 * merge (lib/class-merge.ts) must answer as tailwind-merge does for the classes the console writes.
 * The vocabulary is read from the sources, so a class written tomorrow is checked too.
 */
const root = path.resolve(import.meta.dirname, "../..");

function sourceClasses(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.tsx?$/.test(e.name) && !p.endsWith("class-merge.ts")) files.push(p);
    }
  };
  for (const d of ["components", "app", "hooks", "lib"]) walk(path.join(root, d));
  const found = new Set<string>();
  for (const f of files) {
    for (const m of fs.readFileSync(f, "utf8").matchAll(/(["'`])((?:(?!\1)[^\\\n])*)\1/g)) {
      for (const t of m[2]!.split(/\s+/)) if (/^[!@a-z[*-][\w!\-[\]:/.%#(),&*>@=~+]*$/.test(t) && t.length > 1) found.add(t);
    }
  }
  // What tailwind-merge recognises as a Tailwind class (it folds a repeated one into one).
  return [...found].filter((t) => twMerge(`${t} ${t}`) === t).sort();
}

/** Common classes not (yet) in the sources, so the next one written is likely covered too. */
const EXTRA = "mx-auto -mt-2 -mx-4 ms-2 pe-3 inset-x-0 inset-y-2 top-[calc(100%-1rem)] w-[calc(100%-2rem)] border-x border-y-2 border-t-0 border-b-slate-200 border-x-red-500 rounded-t-md rounded-tl-lg rounded-none rounded-l ring-0 ring-inset ring-offset-2 ring-offset-white outline-0 outline-dashed outline-offset-4 bg-red-500/50 bg-cover bg-center bg-no-repeat bg-none line-clamp-2 grow-0 basis-1/2 shrink order-first text-ellipsis text-wrap text-nowrap text-sm/6 font-[550] font-serif leading-[1.1] tracking-wide shadow-none shadow-2xl shadow-red-500/30 opacity-0 z-[60] col-span-full row-span-3 gap-[3px] space-x-2 space-x-reverse divide-x divide-y-2 divide-dashed divide-red-200 overflow-clip overflow-x-scroll whitespace-pre decoration-2 decoration-dotted decoration-red-500 underline-offset-auto list-inside list-none break-before-page translate-x-2 translate-none scale-95 rotate-0 origin-top duration-150 ease-out delay-75 cursor-not-allowed select-text resize-none object-cover aspect-video min-w-full max-h-full size-full h-dvh !p-0 p-0! md:flex lg:hidden dark:bg-slate-900 hover:!text-red-600 first:mt-0 group-hover:visible invisible peer-checked:bg-brand-600 normal-nums ordinal slashed-zero not-sr-only place-items-center place-self-end justify-items-center content-center items-stretch self-auto box-border float-left clear-both isolate".split(" ");
const classes = [...new Set([...sourceClasses(), ...EXTRA])].sort();

/** The utility without its variants, so pairs of different variants are tried on the same variant too. */
const bare = (c: string) => c.slice(c.lastIndexOf(":") + 1);

describe("cn()'s class merge (lib/class-merge.ts) against tailwind-merge", () => {
  it("reads several hundred Tailwind classes from the sources", () => {
    expect(classes.length).toBeGreaterThan(400);
  });

  it("keeps or drops the earlier class of every pair of the sources' classes as tailwind-merge does", () => {
    const utilities = [...new Set([...classes, ...classes.map(bare)])].filter((c) => twMerge(`${c} ${c}`) === c);
    const wrong: string[] = [];
    for (const a of utilities)
      for (const b of utilities) {
        const expected = twMerge(`${a} ${b}`);
        const got = mergeClasses(`${a} ${b}`);
        if (got !== expected) wrong.push(`"${a} ${b}": ${JSON.stringify(got)}, tailwind-merge ${JSON.stringify(expected)}`);
      }
    expect(wrong.slice(0, 400)).toEqual([]);
  });

  it("merges the kit's usual overrides: a caller's size, padding and colour win, variants and unknown classes stay", () => {
    expect(cn("h-9 px-4 py-2", "h-8 px-3")).toBe("py-2 h-8 px-3");
    expect(cn("p-4", "px-2")).toBe("p-4 px-2");
    expect(cn("px-2", "p-4")).toBe("p-4");
    expect(cn("bg-primary text-primary-foreground hover:bg-primary/90", "bg-red-600")).toBe("text-primary-foreground hover:bg-primary/90 bg-red-600");
    expect(cn("text-sm text-slate-700", "text-xs")).toBe("text-slate-700 text-xs");
    expect(cn("border border-slate-200", "border-2 border-red-500")).toBe("border-2 border-red-500");
    expect(cn("rounded-md", "rounded-t-none")).toBe("rounded-md rounded-t-none");
    expect(cn("foo p-2", false, null, undefined, ["bar", { baz: true, qux: false }])).toBe("foo p-2 bar baz");
    expect(cn("hover:bg-slate-100", "bg-white")).toBe("hover:bg-slate-100 bg-white");
    expect(cn("md:hover:p-2", "hover:md:p-4")).toBe("hover:md:p-4");
  });
});

describe("the error boundaries' plain retry buttons (components/ui/button-classes.ts)", () => {
  it("carry the kit Button's classes for each variant at the default size", async () => {
    const { buttonVariants } = await import("@/components/ui/button");
    const { BUTTON_VARIANT, plainButtonClasses } = await import("@/components/ui/button-classes");
    const set = (s: string) => s.split(/\s+/).sort();
    for (const variant of Object.keys(BUTTON_VARIANT) as (keyof typeof BUTTON_VARIANT)[]) expect(set(plainButtonClasses(variant))).toEqual(set(buttonVariants({ variant })));
  });
});
