import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AUDIT_ACTION_GROUP_NAMES, AUDIT_ACTION_GROUPS, AUDIT_ENTITY_TYPES, HISTORICAL_AUDIT_ACTIONS, KNOWN_AUDIT_ACTIONS } from "@/lib/audit/actions";
import { LABELLED_FIELDS, VALUE_SETS } from "@/lib/audit/describe";
import { CATALOGUES } from "@/lib/i18n/catalogue";
import { lookup } from "@/lib/i18n/translate";
import { LOCALES } from "@/lib/i18n/types";

const root = path.resolve(import.meta.dirname, "../..");

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(rel);
    return /\.(ts|tsx|mjs)$/.test(e.name) && !e.name.endsWith(".test.ts") ? [rel] : [];
  });
}

const CODE = /"([a-z_]+\.[a-z_]+)"/g;

/**
 * Every action code the application's source writes: the string literals of an `action:` property
 * (a ternary's both branches too) and of an approval area's `actions: { requested: "…", … }`.
 * Read from the files themselves, so a writer added anywhere is found whatever its type says.
 */
function writtenActions(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of ["lib", "db", "app", "scripts"].flatMap(sourceFiles)) {
    if (file.startsWith(path.join("lib", "i18n"))) continue;
    const text = fs.readFileSync(path.join(root, file), "utf8");
    for (const m of text.matchAll(/\baction:\s*([^,\n}]+)/g)) for (const c of m[1]!.matchAll(CODE)) found.set(c[1]!, file);
    for (const m of text.matchAll(/\bactions:\s*\{([^}]*)\}/g)) {
      for (const c of m[1]!.matchAll(/\b(?:requested|revised|cancelled|approved|rejected):\s*"([a-z_]+\.[a-z_]+)"/g)) found.set(c[1]!, file);
    }
  }
  return found;
}

function label(locale: (typeof LOCALES)[number], key: string): string | undefined {
  return lookup(CATALOGUES[locale], key);
}

describe("audit actions in words", () => {
  it("every audit action the source writes is a known action with a label in Japanese and English", () => {
    const written = writtenActions();
    // The scan must find the writers it is meant to find (a ternary's branches, the approval areas').
    expect(written.size).toBeGreaterThanOrEqual(35);
    for (const code of ["control.tightened", "link.unfrozen", "users.role_grant_approved", "control.loosening_request_edited", "seed.demo_data"]) {
      expect(written.has(code), code).toBe(true);
    }
    const today: readonly string[] = Object.values(AUDIT_ACTION_GROUPS).flat();
    for (const [code, file] of written) {
      expect(today, `${code} (written in ${file}) is not in lib/audit/actions.ts`).toContain(code);
      for (const locale of LOCALES) expect(label(locale, `audit.action.${code}`), `${locale} label of ${code}`).toBeTruthy();
    }
  });

  it("every known action, the historical ones too, has a Japanese label distinct from its English one", () => {
    expect(KNOWN_AUDIT_ACTIONS).toEqual(expect.arrayContaining([...HISTORICAL_AUDIT_ACTIONS.auth]));
    for (const code of KNOWN_AUDIT_ACTIONS) {
      const en = label("en", `audit.action.${code}`);
      const ja = label("ja", `audit.action.${code}`);
      expect(en, code).toBeTruthy();
      expect(ja, code).toBeTruthy();
      expect(ja, code).not.toBe(en);
    }
  });

  it("every action is in the group its prefix names, and every group has a label", () => {
    for (const group of AUDIT_ACTION_GROUP_NAMES) {
      for (const code of AUDIT_ACTION_GROUPS[group]) expect(code.startsWith(`${group}.`), code).toBe(true);
      for (const locale of LOCALES) expect(label(locale, `audit.actionGroup.${group}`), `${locale} ${group}`).toBeTruthy();
    }
  });

  it("every subject kind, field and translated value has a label in both languages", () => {
    const keys = [
      ...AUDIT_ENTITY_TYPES.map((e) => `audit.entity.${e}`),
      ...LABELLED_FIELDS.map((f) => `audit.field.${f.replace(".", "_")}`),
      ...Object.entries(VALUE_SETS).flatMap(([set, values]) => values.map((v) => `audit.value.${set}.${v}`)),
    ];
    for (const key of keys) for (const locale of LOCALES) expect(label(locale, key), `${locale} ${key}`).toBeTruthy();
  });
});
