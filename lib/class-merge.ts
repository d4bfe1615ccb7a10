/**
 * Tailwind class conflicts resolved the way tailwind-merge resolves them (a later class wins over an
 * earlier one of the same utility group and variants), for the utilities the console writes, in a
 * fraction of tailwind-merge's weight: it was 10 kB of every page's first-load JavaScript (issue
 * #13 §9). tests/lib/class-merge.test.ts holds it to tailwind-merge's answer for every pair of the
 * classes written in components/, app/, hooks/ and lib/ (tailwind-merge stays as a dev dependency for
 * that test). A class it does not know is kept as it is, like tailwind-merge does with its unknowns.
 */

const SIDES = /^(x|y|s|e|t|r|b|l|bs|be)$/;
const SIZE = /^(\d+(\.\d+)?)?(xs|sm|md|lg|xl)$/;
const LENGTH = /^\[(length:|.*(\d+(%|px|r?em|[sdl]?v([hwib]|min|max)|pt|pc|in|cm|mm|cap|ch|ex|r?lh|cq(w|h|i|b|min|max))|\b(calc|min|max|clamp)\(.+\)|^\[0\]$))/;
const NUMBER = /^(\d+(\.\d+)?|\[(number:.*|\d+(\.\d+)?)\]|\(number:.*\))$/;
const words = (s: string) => new Set(s.split(" "));

/** Exact classes and their group. */
const EXACT: Record<string, string> = {};
for (const [group, list] of Object.entries({
  display: "block inline-block inline flex inline-flex grid inline-grid table inline-table table-row table-cell table-caption table-column table-row-group table-header-group table-footer-group table-column-group contents list-item flow-root hidden",
  position: "static fixed absolute relative sticky",
  sr: "sr-only",
  "not-sr": "not-sr-only",
  visibility: "visible invisible collapse",
  truncate: "truncate",
  "text-decoration": "underline overline line-through no-underline",
  "font-style": "italic not-italic",
  "text-transform": "uppercase lowercase capitalize normal-case",
  "font-smoothing": "antialiased subpixel-antialiased",
  "fvn-spacing": "tabular-nums proportional-nums",
  "fvn-figure": "lining-nums oldstyle-nums",
  "fvn-normal": "normal-nums",
  "fvn-ordinal": "ordinal",
  "fvn-slashed-zero": "slashed-zero",
  "fvn-fraction": "diagonal-fractions stacked-fractions",
  isolation: "isolate isolation-auto",
  "container-type": "@container",
  "border-w": "border",
  "ring-w": "ring",
  shadow: "shadow",
  "outline-w": "outline",
  rounded: "rounded",
  grow: "grow",
  shrink: "shrink",
  transition: "transition",
  filter: "filter",
}))
  for (const c of list.split(" ")) EXACT[c] = group;

const TEXT_ALIGN = words("left center right justify start end");
const TEXT_WRAP = words("wrap nowrap balance pretty");
const FONT_WEIGHT = words("thin extralight light normal medium semibold bold extrabold black");
const LINE_STYLE = words("solid dashed dotted double hidden none");
const BG_OTHER = /^(fixed|local|scroll|clip-.*|origin-.*|repeat.*|no-repeat|auto|cover|contain|none|linear-.*|radial.*|conic.*|blend-.*|(top|bottom|left|right|center)(-.*)?)$/;

/** The group of an arbitrary value written for a color or something else (a length, a shadow). */
const color = (g: string, v: string, other?: string) => (other && (LENGTH.test(v) || NUMBER.test(v)) ? other : g);

/** `prefix` → group of `prefix-value`; tried from the longest prefix. */
const PREFIX: Record<string, string | ((v: string) => string)> = {
  ...Object.fromEntries(
    ["p", "px", "py", "pt", "pr", "pb", "pl", "ps", "pe", "m", "mx", "my", "mt", "mr", "mb", "ml", "ms", "me", "gap-x", "gap-y", "gap", "w", "h", "size", "min-w", "min-h", "max-w", "max-h", "inset-x", "inset-y", "inset", "top", "right", "bottom", "left", "start", "end", "z", "order", "col-start", "col-end", "row-start", "row-end", "grid-cols", "grid-rows", "auto-rows", "auto-cols", "grid-flow", "basis", "grow", "shrink", "leading", "tracking", "line-clamp", "whitespace", "opacity", "cursor", "pointer-events", "select", "resize", "underline-offset", "translate-x", "translate-y", "translate-z", "rotate", "scale", "skew", "origin", "animate", "duration", "ease", "delay", "blur", "aspect", "columns", "float", "clear", "object", "overflow-x", "overflow-y", "overflow", "overscroll-x", "overscroll-y", "overscroll", "space-x", "space-y", "scroll-m", "scroll-mx", "scroll-my", "scroll-mt", "scroll-mr", "scroll-mb", "scroll-ml", "scroll-p", "scroll-px", "scroll-py", "scroll-pt", "scroll-pr", "scroll-pb", "scroll-pl", "snap", "touch", "will-change", "appearance", "accent", "caret", "fill", "stroke", "field-sizing", "box-decoration", "mix-blend", "outline-offset", "ring-offset", "border-spacing-x", "border-spacing-y", "border-spacing", "place-content", "place-items", "place-self", "justify-items", "justify-self", "content", "self", "items", "caption", "table", "vertical-align", "decoration", "divide", "list", "break", "wrap", "text", "font", "bg", "border", "outline", "ring", "shadow", "rounded", "flex", "justify", "align", "transition", "translate"].map((p) => [p, p]),
  ),
  "col-span": "col-start-end",
  "row-span": "row-start-end",
  "space-x": (v) => (v === "reverse" ? "space-x-reverse" : "space-x"),
  "space-y": (v) => (v === "reverse" ? "space-y-reverse" : "space-y"),
  items: () => "align-items",
  self: () => "align-self",
  content: (v) => (v === "none" || v.startsWith("[") ? "content" : "align-content"),
  justify: () => "justify-content",
  align: () => "vertical-align",
  caption: () => "caption",
  table: (v) => (v === "auto" || v === "fixed" ? "table-layout" : "table"),
  "field-sizing": () => "field-sizing",
  box: (v) => (v === "border" || v === "content" ? "box" : "box"),
  flex: (v) => (/^(row|col)(-reverse)?$/.test(v) ? "flex-direction" : /^(wrap|wrap-reverse|nowrap)$/.test(v) ? "flex-wrap" : "flex"),
  text: (v) =>
    TEXT_ALIGN.has(v) ? "text-alignment" : TEXT_WRAP.has(v) ? "text-wrap" : v === "ellipsis" || v === "clip" ? "text-overflow" : SIZE.test(v.split("/")[0]!) || v.split("/")[0] === "base" || LENGTH.test(v) ? "font-size" : "text-color",
  font: (v) => (FONT_WEIGHT.has(v) || NUMBER.test(v) ? "font-weight" : "font-family"),
  bg: (v) => (BG_OTHER.test(v) ? `bg-${v.split("-")[0]}` : "bg-color"),
  border: (v) => {
    if (v === "collapse" || v === "separate") return "border-collapse";
    if (LINE_STYLE.has(v)) return "border-style";
    const [side, ...rest] = v.split("-");
    if (SIDES.test(side!)) return rest.length === 0 || NUMBER.test(rest.join("-")) || LENGTH.test(rest.join("-")) ? `border-w-${side}` : `border-color-${side}`;
    return NUMBER.test(v) || LENGTH.test(v) ? "border-w" : "border-color";
  },
  divide: (v) => (v === "x-reverse" || v === "y-reverse" ? `divide-${v}` : /^[xy](-|$)/.test(v) ? `divide-${v[0]}` : LINE_STYLE.has(v) ? "divide-style" : "divide-color"),
  outline: (v) => (v === "none" || v === "hidden" || LINE_STYLE.has(v) ? "outline-style" : color("outline-color", v, "outline-w")),
  ring: (v) => (v === "inset" ? "ring-w-inset" : color("ring-color", v, "ring-w")),
  "ring-offset": (v) => color("ring-offset-color", v, "ring-offset-w"),
  shadow: (v) => (v === "none" || v === "inner" || SIZE.test(v) || v === "2xs" || v.startsWith("[") ? "shadow" : "shadow-color"),
  rounded: (v) => {
    const [side, ...rest] = v.split("-");
    return /^(s|e|t|r|b|l|ss|se|ee|es|tl|tr|br|bl)$/.test(side!) && rest.length <= 1 ? `rounded-${side}` : "rounded";
  },
  decoration: (v) => (LINE_STYLE.has(v) || v === "wavy" ? "text-decoration-style" : NUMBER.test(v) || v === "auto" || v === "from-font" ? "text-decoration-thickness" : "text-decoration-color"),
  list: (v) => (v === "inside" || v === "outside" ? "list-style-position" : "list-style-type"),
  break: (v) => (/^(before|after|inside)-/.test(v) ? `break-${v.split("-")[0]}` : "break"),
  wrap: () => "wrap",
  transition: (v) => (v === "normal" || v === "discrete" ? "transition-behavior" : "transition"),
  translate: (v) => (v === "none" ? "translate-none" : "translate"),
};

/** Groups a class of the key's group overrides besides its own (tailwind-merge's conflictingClassGroups). */
const sided = (g: string, all: string) => all.split(" ").map((s) => `${g}${s}`);
const CONFLICTS: Record<string, string[]> = {
  "container-named": ["container-type"],
  overflow: ["overflow-x", "overflow-y"],
  overscroll: ["overscroll-x", "overscroll-y"],
  inset: ["inset-x", "inset-y", "start", "end", "top", "right", "bottom", "left"],
  "inset-x": ["start", "end", "right", "left"],
  "inset-y": ["top", "bottom"],
  flex: ["basis", "grow", "shrink"],
  gap: ["gap-x", "gap-y"],
  "place-content": ["align-content", "justify-content"],
  "place-items": ["align-items", "justify-items"],
  "place-self": ["align-self", "justify-self"],
  p: sided("p", "x y s e t r b l"),
  px: sided("p", "s e r l"),
  py: sided("p", "t b"),
  m: sided("m", "x y s e t r b l"),
  mx: sided("m", "s e r l"),
  my: sided("m", "t b"),
  size: ["w", "h"],
  "font-size": ["leading"],
  "fvn-normal": ["fvn-ordinal", "fvn-slashed-zero", "fvn-figure", "fvn-spacing", "fvn-fraction"],
  "fvn-ordinal": ["fvn-normal"],
  "fvn-slashed-zero": ["fvn-normal"],
  "fvn-figure": ["fvn-normal"],
  "fvn-spacing": ["fvn-normal"],
  "fvn-fraction": ["fvn-normal"],
  "line-clamp": ["display", "overflow"],
  truncate: ["text-overflow", "overflow", "overflow-x", "overflow-y", "whitespace"],
  sr: ["not-sr", "position", "size", "w", "h", ...sided("p", " x y s e t r b l"), ...sided("m", " x y s e t r b l"), "overflow", "overflow-x", "overflow-y", "whitespace"],
  "not-sr": ["sr"],
  rounded: sided("rounded-", "s e t r b l ss se ee es tl tr br bl"),
  "rounded-s": ["rounded-ss", "rounded-es"],
  "rounded-e": ["rounded-se", "rounded-ee"],
  "rounded-t": ["rounded-tl", "rounded-tr"],
  "rounded-r": ["rounded-tr", "rounded-br"],
  "rounded-b": ["rounded-br", "rounded-bl"],
  "rounded-l": ["rounded-tl", "rounded-bl"],
  "border-spacing": ["border-spacing-x", "border-spacing-y"],
  "border-w": sided("border-w-", "x y s e bs be t r b l"),
  "border-w-x": sided("border-w-", "s e r l"),
  "border-w-y": sided("border-w-", "bs be t b"),
  "border-color": sided("border-color-", "x y s e bs be t r b l"),
  "border-color-x": sided("border-color-", "s e r l"),
  "border-color-y": sided("border-color-", "bs be t b"),
  translate: ["translate-x", "translate-y", "translate-none"],
  "translate-none": ["translate", "translate-x", "translate-y", "translate-z"],
  "translate-x": ["translate-none"],
  "translate-y": ["translate-none"],
  "translate-z": ["translate-none"],
  "scroll-m": sided("scroll-m", "x y t r b l"),
  "scroll-mx": sided("scroll-m", "r l"),
  "scroll-my": sided("scroll-m", "t b"),
  "scroll-p": sided("scroll-p", "x y t r b l"),
  "scroll-px": sided("scroll-p", "r l"),
  "scroll-py": sided("scroll-p", "t b"),
};

const PREFIXES = Object.keys(PREFIX).sort((a, b) => b.length - a.length);

/** The utility group of a class without its variants, or undefined for a class it does not know. */
export function groupOf(utility: string): string | undefined {
  const u = utility.startsWith("-") ? utility.slice(1) : utility;
  if (EXACT[u]) return EXACT[u];
  if (u.startsWith("@container/")) return "container-named";
  // An arbitrary property, `[overflow-wrap:anywhere]`: grouped by the property.
  const arbitrary = /^\[([a-z-]+):.+\]$/.exec(u);
  if (arbitrary) return `[${arbitrary[1]}]`;
  for (const p of PREFIXES) {
    if (u.length > p.length + 1 && u.startsWith(p) && u[p.length] === "-") {
      const rule = PREFIX[p]!;
      return typeof rule === "string" ? rule : rule(u.slice(p.length + 1));
    }
  }
  return undefined;
}

/** Splits `md:hover:!p-4` into its variants (sorted, as their order does not matter) and the utility. */
function split(cls: string): [string, string] {
  const variants: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < cls.length; i++) {
    const ch = cls[i];
    if (ch === "[" || ch === "(") depth++;
    else if (ch === "]" || ch === ")") depth--;
    else if (ch === ":" && depth === 0) {
      variants.push(cls.slice(start, i));
      start = i + 1;
    }
  }
  let utility = cls.slice(start);
  let important = "";
  if (utility.startsWith("!") || utility.endsWith("!")) {
    important = "!";
    utility = utility.startsWith("!") ? utility.slice(1) : utility.slice(0, -1);
  }
  return [`${variants.sort().join(":")}${important}|`, utility];
}

/** `classes` with every class that a later one overrides left out (tailwind-merge's rule). */
export function mergeClasses(classes: string): string {
  const list = classes.trim().split(/\s+/);
  const taken = new Set<string>();
  const kept: string[] = [];
  for (let i = list.length - 1; i >= 0; i--) {
    const cls = list[i]!;
    if (!cls) continue;
    const [variants, utility] = split(cls);
    const group = groupOf(utility);
    if (group === undefined) {
      kept.push(cls);
      continue;
    }
    if (taken.has(variants + group)) continue;
    taken.add(variants + group);
    for (const g of CONFLICTS[group] ?? []) taken.add(variants + g);
    kept.push(cls);
  }
  return kept.reverse().join(" ");
}
