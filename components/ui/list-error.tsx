"use client";
import Link from "next/link";
import { ApiError } from "@/lib/api-client";
import { useT } from "@/lib/i18n/client";
import { fieldErrorText } from "@/lib/i18n/problem-text";
import { Button } from "./button";
import { Notice } from "./notice";

/**
 * Why a list page's query failed: a refused filter (each field says why, next to it: `invalid`), a
 * page link that is no longer valid (back to the first page), or a load failure with the request id
 * (or the network) and Retry. Used by every filtered list (accounts, reimbursements).
 */
export function ListError({ error, invalid, loadFailed, onRetry, firstPage }: { error: unknown; invalid: string; loadFailed: string; onRetry: () => void; firstPage?: { href: string; label: string } }) {
  const t = useT();
  const e = error instanceof ApiError ? error : null;
  const problems = e?.problems ?? {};
  const refused = Object.keys(problems).length > 0;
  const cursor = problems.cursor;
  return (
    <Notice tone="error">
      <span className="flex flex-wrap items-center gap-3">
        <span>
          {refused ? (cursor ? fieldErrorText(t, cursor) : invalid) : `${loadFailed} ${e?.status ? t("common.errorBody", { requestId: e.requestId ?? "—" }) : t("common.networkError")}`}
        </span>
        {refused ? (
          cursor && firstPage ? (
            <Link href={firstPage.href} className="underline">
              {firstPage.label}
            </Link>
          ) : null
        ) : (
          <Button type="button" variant="outline" onClick={onRetry}>
            {t("common.retry")}
          </Button>
        )}
      </span>
    </Notice>
  );
}
