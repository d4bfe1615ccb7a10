import { en } from "./messages/en";
import { ja } from "./messages/ja";
import type { Locale, Messages } from "./types";

export const CATALOGUES: Record<Locale, Messages> = { en, ja };
