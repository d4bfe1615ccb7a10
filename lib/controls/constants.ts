/**
 * The controls' names, states and limits, without zod: the board and its badges import these (and
 * schemas.ts builds its shapes on them) so a page that only shows controls does not load zod.
 */
export const CONTROLS = ["registrations", "charges"] as const;
export const CONTROL_STATES = ["open", "strong_only", "suspended"] as const;
export const REQUEST_STATUSES = ["pending", "approved", "rejected", "applied", "cancelled"] as const;

export type Control = (typeof CONTROLS)[number];
export type ControlStateName = (typeof CONTROL_STATES)[number];
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** open < strong_only < suspended: a move to a higher rank tightens, to a lower one loosens. */
export function stateRank(state: ControlStateName): number {
  return CONTROL_STATES.indexOf(state);
}
export function isTightening(from: ControlStateName, to: ControlStateName): boolean {
  return stateRank(to) > stateRank(from);
}

export const REASON_MIN = 5;
export const REASON_MAX = 500;

/** "charges not suspended" is `charges=not_suspended`. */
export const STATE_FILTERS = [...CONTROL_STATES, ...CONTROL_STATES.map((s) => `not_${s}` as const)] as const;
export type StateFilter = (typeof STATE_FILTERS)[number];
