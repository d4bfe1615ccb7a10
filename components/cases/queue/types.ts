/** What the queue's filters and bulk bar choose from (lib/cases/queue-choices.ts, given by the page). */
export interface QueueChoices {
  banks: { code: string; nameJa: string; nameEn: string }[];
  people: { id: string; name: string; org: string }[];
}
