"use client";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { formatBytes } from "@/lib/format";
import { useT } from "@/lib/i18n/client";
import { problemOf } from "./api";

type State =
  | { phase: "idle" }
  | { phase: "running"; rows: number; bytes: number; total: number | null }
  | { phase: "done"; rows: number; bytes: number; url: string; file: string }
  | { phase: "cancelled" }
  | { phase: "failed"; detail: string };

function fileNameOf(res: Response): string {
  const m = /filename="([^"]+)"/.exec(res.headers.get("content-disposition") ?? "");
  return m?.[1] ?? "accounts.csv";
}

const NEWLINE = 0x0a;

/**
 * Reads the streamed CSV with fetch + ReadableStream, counting rows and bytes as they arrive (the
 * server's estimate gives the bar its end), then offers the file for saving. Stoppable.
 */
export function ExportButton({ qs }: { qs: string }) {
  const t = useT();
  const [state, setState] = useState<State>({ phase: "idle" });
  const abort = useRef<AbortController | null>(null);
  const url = state.phase === "done" ? state.url : null;

  useEffect(() => () => abort.current?.abort(), []);
  useEffect(() => {
    if (!url) return;
    return () => URL.revokeObjectURL(url);
  }, [url]);

  async function start() {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setState({ phase: "running", rows: 0, bytes: 0, total: null });
    try {
      const res = await fetch(`/api/v1/accounts/export${qs ? `?${qs}` : ""}`, { signal: controller.signal });
      if (!res.ok || !res.body) {
        const p = await problemOf(res);
        setState({ phase: "failed", detail: p.requestId ? t("common.errorBody", { requestId: p.requestId }) : p.message });
        return;
      }
      const totalHeader = res.headers.get("x-estimated-total");
      const total = totalHeader === null ? null : Number(totalHeader);
      const file = fileNameOf(res);
      const reader = res.body.getReader();
      const chunks: Uint8Array[] = [];
      let lines = 0;
      let bytes = 0;
      let shown = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        bytes += value.byteLength;
        for (let i = 0; i < value.length; i++) if (value[i] === NEWLINE) lines++;
        const now = performance.now();
        if (now - shown > 150) {
          shown = now;
          setState({ phase: "running", rows: Math.max(0, lines - 1), bytes, total });
        }
      }
      const blob = new Blob(chunks as BlobPart[], { type: "text/csv;charset=utf-8" });
      setState({ phase: "done", rows: Math.max(0, lines - 1), bytes, url: URL.createObjectURL(blob), file });
    } catch (e) {
      if (controller.signal.aborted) setState({ phase: "cancelled" });
      else setState({ phase: "failed", detail: `${t("common.networkError")} (${(e as Error).message})` });
    }
  }

  return (
    <div className="space-y-2" data-testid="accounts-export">
      <div className="flex flex-wrap items-center gap-2">
        <Button type="button" variant="outline" onClick={() => void start()} disabled={state.phase === "running"} aria-describedby="accounts-export-hint">
          {t("accounts.export.button")}
        </Button>
        {state.phase === "running" ? (
          <Button type="button" variant="ghost" onClick={() => abort.current?.abort()}>
            {t("accounts.export.cancel")}
          </Button>
        ) : null}
        {state.phase === "done" ? (
          <a
            href={state.url}
            download={state.file}
            className="inline-flex items-center rounded-md bg-brand-700 px-3 py-2 text-sm font-medium text-white hover:bg-brand-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
          >
            {t("accounts.export.save", { file: state.file })}
          </a>
        ) : null}
      </div>
      <p id="accounts-export-hint" className="max-w-xl text-xs text-slate-600">
        {t("accounts.export.hint")}
      </p>
      {state.phase === "running" ? (
        <div className="space-y-1">
          {state.total ? (
            <progress className="w-64" max={Math.max(state.total, state.rows)} value={state.rows} aria-label={t("accounts.export.progressLabel")} />
          ) : (
            <progress className="w-64" aria-label={t("accounts.export.progressLabel")} />
          )}
          <Notice>
            {state.total
              ? t("accounts.export.runningOf", { rows: state.rows, total: state.total, size: formatBytes(state.bytes) })
              : t("accounts.export.running", { rows: state.rows, size: formatBytes(state.bytes) })}
          </Notice>
        </div>
      ) : null}
      {state.phase === "done" ? <Notice tone="success">{t("accounts.export.done", { rows: state.rows, size: formatBytes(state.bytes) })}</Notice> : null}
      {state.phase === "cancelled" ? <Notice tone="warning">{t("accounts.export.cancelled")}</Notice> : null}
      {state.phase === "failed" ? (
        <Notice tone="error">
          {t("accounts.export.failed")} {state.detail}
        </Notice>
      ) : null}
    </div>
  );
}
