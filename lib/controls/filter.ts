import type { ControlsFilters, StateFilter } from "./schemas";

/** Kana and letters compared without width or case ("ﾐﾗｲ" finds "ミライ"). */
function fold(s: string): string {
  return s.normalize("NFKC").toLowerCase().replace(/\s+/g, "");
}

function stateMatches(state: string, filter: StateFilter | undefined): boolean {
  if (!filter) return true;
  return filter.startsWith("not_") ? state !== filter.slice(4) : state === filter;
}

interface Filterable {
  bankCode: string;
  nameJa: string;
  nameEn: string;
  registrations: { state: string };
  charges: { state: string };
}

/** The Controls page's filters; the same function serves the API and the page (a few dozen banks). */
export function filterBanks<T extends Filterable>(banks: T[], f: ControlsFilters): T[] {
  const q = f.q ? fold(f.q) : "";
  return banks.filter(
    (b) =>
      stateMatches(b.registrations.state, f.registrations) &&
      stateMatches(b.charges.state, f.charges) &&
      (!q || b.bankCode.includes(q) || fold(b.nameJa).includes(q) || fold(b.nameEn).includes(q)),
  );
}
