import { en } from "./messages/en";
import { ja } from "./messages/ja";
import type { Locale, Messages } from "./types";

/**
 * Both languages' whole catalogues, for the server (i18n/request.ts, CSV exports) and tests. Never
 * import it from a client component: the browser gets only its page's namespaces (ClientMessages).
 */
export const CATALOGUES: Record<Locale, Messages> = { en, ja };
