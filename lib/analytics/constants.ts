/** The incident key of a case that belongs to no incident (the rollups' keys are never null). */
export const NO_INCIDENT = "00000000-0000-0000-0000-000000000000";

/** Open cases by age in whole Japan days since opened (Marble's bands). */
export const AGE_BANDS = [
  { key: "0-2", from: 0, to: 2 },
  { key: "3-10", from: 3, to: 10 },
  { key: "11-30", from: 11, to: 30 },
  { key: "31+", from: 31, to: null },
] as const;
export type AgeBand = (typeof AGE_BANDS)[number]["key"];
