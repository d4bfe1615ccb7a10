import { ACCOUNTS_ERRORS } from "@/lib/accounts/schemas";
import type { MessageKey, Translate } from "@/lib/i18n/types";

/** The API's reason for a refused field, in the reader's language (the reason itself when unknown). */
export function fieldErrorText(t: Translate, reason: string | undefined): string | null {
  if (!reason) return null;
  const known = (Object.keys(ACCOUNTS_ERRORS) as (keyof typeof ACCOUNTS_ERRORS)[]).find((k) => ACCOUNTS_ERRORS[k] === reason);
  return known ? t(`accounts.errors.${known}` as MessageKey) : reason;
}
