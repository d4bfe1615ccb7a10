import { fromJst } from "@/lib/jst";

/** The fixed dates of the demo story (Japan time wall clocks, stored as UTC instants). */

/** The ordinary population's activity starts here. */
export const POPULATION_START = fromJst("2019-04-01 00:00");

/** Monday 2020-09-14 16:00 JST: the carrier's announcement, and the last control change of the story. */
export const STORY_END = fromJst("2020-09-14 16:00");

/** The first fraudulent link (the first case is opened later the same month). */
export const FIRST_FRAUD_WINDOW = { from: fromJst("2019-10-02 00:00"), to: fromJst("2019-10-09 00:00") };

/** All fraudulent links and charges happened before this; the banks reacted after it. */
export const FRAUD_ACTIVITY_END = fromJst("2020-09-04 00:00");

/** Cases are opened no later than this, and confirmed before STORY_END. */
export const LAST_CASE_OPENED = fromJst("2020-09-12 18:00");

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export function epochSeconds(d: Date): number {
  return Math.floor(d.getTime() / 1000);
}

export function addMs(d: Date, ms: number): Date {
  return new Date(d.getTime() + ms);
}

/** Investigators work 09:00–20:00 Japan time: timelines advance through those hours only. */
const OFFICE_OPENS = 9;
const OFFICE_CLOSES = 20;
const JST_OFFSET = 9 * HOUR;

function jstDayStart(t: number): number {
  return Math.floor((t + JST_OFFSET) / DAY) * DAY - JST_OFFSET;
}

/** The same instant if within office hours, else the next opening. */
export function nextOfficeMinute(d: Date): Date {
  const t = d.getTime();
  const day = jstDayStart(t);
  if (t < day + OFFICE_OPENS * HOUR) return new Date(day + OFFICE_OPENS * HOUR);
  if (t >= day + OFFICE_CLOSES * HOUR) return new Date(day + DAY + OFFICE_OPENS * HOUR);
  return new Date(t);
}

export function addWorkingMinutes(start: Date, minutes: number): Date {
  let t = nextOfficeMinute(start).getTime();
  let left = minutes * 60_000;
  for (;;) {
    const close = jstDayStart(t) + OFFICE_CLOSES * HOUR;
    if (left <= close - t) return new Date(t + left);
    left -= close - t;
    t = jstDayStart(t) + DAY + OFFICE_OPENS * HOUR;
  }
}

export function workingMinutesBetween(a: Date, b: Date): number {
  let t = nextOfficeMinute(a).getTime();
  let total = 0;
  while (t < b.getTime()) {
    const close = Math.min(jstDayStart(t) + OFFICE_CLOSES * HOUR, b.getTime());
    total += close - t;
    t = jstDayStart(t) + DAY + OFFICE_OPENS * HOUR;
  }
  return Math.floor(total / 60_000);
}
