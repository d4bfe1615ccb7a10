import type { ApiKeyScope } from "@/db/schema/enums";

/** An API key's scopes, without zod: the admin page's list imports these, schemas.ts builds on them. */
export const API_KEY_SCOPES = ["decisions", "events", "read", "controls"] as const satisfies readonly ApiKeyScope[];
// If a scope is added to the database enum, this line stops compiling until API_KEY_SCOPES has it too.
const everyScopeListed: Exclude<ApiKeyScope, (typeof API_KEY_SCOPES)[number]> extends never ? true : never = true;
void everyScopeListed;
