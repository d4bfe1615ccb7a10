/** React-query keys of the incident pages: the list, one incident, its cases. */
export const INCIDENTS_QUERY_KEY = ["incidents"] as const;
export const incidentKey = (ref: string) => ["incidents", ref.toUpperCase()] as const;
export const incidentCasesKey = (ref: string) => ["incidents", ref.toUpperCase(), "cases"] as const;

/** The queue's query for an incident's cases: every status, snoozed too, largest loss first. */
export function incidentCasesQuery(ref: string): Record<string, string> {
  return { incident: ref, status: "all", snoozed: "include", sort: "loss", limit: "50" };
}
