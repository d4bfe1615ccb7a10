"use client";
import { useQuery } from "@tanstack/react-query";
import { Copy, Download, File as FileIcon, FileImage, FileSpreadsheet, FileText, Mail, Upload } from "lucide-react";
import { useId, useRef, useState, type DragEvent, type ReactNode } from "react";
import { useForm } from "react-hook-form";
import { toast } from "@/components/ui/toast";
import { Button } from "@/components/ui/button";
import type { ColumnDef } from "@tanstack/react-table";
import { DataTable, tableStatus } from "@/components/data-table/data-table";
import { useApiMutation } from "@/hooks/use-api-mutation";
import { apiJson, retryUnlessRefused } from "@/lib/api-client";
import { EVIDENCE_ACCEPT, EVIDENCE_FIELD, EVIDENCE_MAX_BYTES, type EvidenceKind } from "@/lib/cases/evidence-kinds";
import type { EvidenceItem, EvidenceList } from "@/lib/cases/evidence-schemas";
import { formatBytes, formatJst } from "@/lib/format";
import { useT } from "@/lib/i18n/client";
import { fieldErrorText } from "@/lib/i18n/problem-text";
import { cn } from "@/lib/utils";
import { evidenceKey, evidenceUrl, uploadEvidence } from "./evidence-api";

const KIND_ICONS: Record<EvidenceKind, typeof FileIcon> = { pdf: FileText, png: FileImage, jpeg: FileImage, gif: FileImage, webp: FileImage, heic: FileImage, csv: FileSpreadsheet, eml: Mail };

/**
 * A case's evidence: the files attached to it (kind, name, size, short SHA-256 with copy, who and
 * when in Japan time, download), and for those who may (`canUpload`: cases.note), a drop zone and
 * button to attach one more, with its progress and the server's refusal next to it in words.
 */
export function EvidencePanel({ caseId, canUpload, initialData }: { caseId: string; canUpload: boolean; initialData?: EvidenceList }) {
  const t = useT();
  const query = useQuery({
    queryKey: evidenceKey(caseId),
    queryFn: () => apiJson<EvidenceList>(evidenceUrl(caseId)),
    initialData,
    retry: retryUnlessRefused,
  });
  const items = query.data?.items ?? [];
  const col = (id: "name" | "size" | "sha256" | "uploadedBy" | "uploadedAt" | "actions", cell: (x: EvidenceItem) => ReactNode, meta: { align?: "right"; className?: string } = {}): ColumnDef<EvidenceItem> => ({
    id,
    header: t(`cases.evidence.${id}`),
    meta: { label: t(`cases.evidence.${id}`), ...meta },
    cell: ({ row }) => cell(row.original),
  });
  const columns = [
    col("name", (x) => <EvidenceName item={x} />),
    col("size", (x) => formatBytes(x.sizeBytes), { align: "right", className: "tabular-nums whitespace-nowrap" }),
    col("sha256", (x) => <Sha256 item={x} />),
    col("uploadedBy", (x) => x.uploadedBy.displayName),
    col("uploadedAt", (x) => formatJst(x.uploadedAt), { className: "whitespace-nowrap" }),
    col("actions", (x) => <DownloadLink caseId={caseId} item={x} />),
  ];
  return (
    <section aria-labelledby="case-evidence" className="space-y-3" data-testid="evidence-panel">
      <div className="space-y-1">
        <h2 id="case-evidence" className="text-lg font-semibold">
          {t("cases.evidence.title")}
        </h2>
        <p className="max-w-3xl text-sm text-slate-700">{t("cases.evidence.intro")}</p>
      </div>
      {canUpload ? <UploadZone caseId={caseId} /> : null}
      <DataTable
        tableId="case-evidence"
        columns={columns}
        data={items}
        caption={t("cases.evidence.caption")}
        getRowId={(x) => x.id}
        status={tableStatus(query)}
        error={query.error}
        onRetry={() => void query.refetch()}
        loadFailed={t("cases.evidence.loadFailed")}
        empty={t("cases.evidence.empty")}
        testId="evidence-list"
      />
    </section>
  );
}

function EvidenceName({ item }: { item: EvidenceItem }) {
  const t = useT();
  const Icon = KIND_ICONS[item.kind] ?? FileIcon;
  return (
    <span className="flex items-center gap-2">
      <Icon aria-hidden className="size-4 shrink-0 text-slate-500" />
      <span className="sr-only">{t(`cases.evidence.kinds.${item.kind}`)}</span>
      <span className="break-all">{item.fileName}</span>
    </span>
  );
}

function Sha256({ item }: { item: EvidenceItem }) {
  const t = useT();
  const copy = () =>
    navigator.clipboard.writeText(item.sha256).then(
      () => toast.success(t("cases.evidence.copied")),
      () => toast.error(t("cases.evidence.copyFailed")),
    );
  return (
    <span className="inline-flex items-center gap-1 whitespace-nowrap">
      <code title={item.sha256} className="font-mono text-xs">
        {item.sha256.slice(0, 12)}…
      </code>
      <Button type="button" variant="ghost" size="icon-xs" onClick={() => void copy()} aria-label={t("cases.evidence.copy", { name: item.fileName })}>
        <Copy aria-hidden className="size-3.5" />
      </Button>
    </span>
  );
}

function DownloadLink({ caseId, item }: { caseId: string; item: EvidenceItem }) {
  const t = useT();
  return (
    <a
      href={`${evidenceUrl(caseId)}/${item.id}`}
      download={item.fileName}
      className="inline-flex items-center gap-1 text-sm font-medium text-blue-700 underline-offset-2 hover:underline"
      aria-label={t("cases.evidence.download", { name: item.fileName })}
    >
      <Download aria-hidden className="size-4" />
      {t("cases.evidence.actions")}
    </a>
  );
}

function UploadZone({ caseId }: { caseId: string }) {
  const t = useT();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [progress, setProgress] = useState<{ name: string; fraction: number } | null>(null);
  // The server's refusal of the file (errors.file) lands on this form's `file`, anything else on its root.
  const form = useForm<{ file: File | null }>({ defaultValues: { file: null } });
  const mutation = useApiMutation<File, EvidenceItem, { file: File | null }>({
    mutationFn: (file) => uploadEvidence(caseId, file, (fraction) => setProgress({ name: file.name, fraction })),
    invalidate: [evidenceKey(caseId), ["case", caseId]],
    success: (item) => t("cases.evidence.uploaded", { name: item.fileName }),
    form,
  });
  const errors = form.formState.errors;
  const refusal = errors.file?.message ?? errors.root?.serverError?.message ?? null;

  function send(file: File | undefined) {
    if (!file || mutation.isPending) return;
    form.clearErrors();
    // The server refuses it at once too, but a browser still sending 20 MB often sees only a reset connection.
    if (file.size > EVIDENCE_MAX_BYTES) {
      form.setError("file", { type: "client", message: fieldErrorText(t, { code: "evidence_too_large", params: { maximum: EVIDENCE_MAX_BYTES } }) });
      return;
    }
    setProgress({ name: file.name, fraction: 0 });
    mutation.mutate(file, {
      onSettled: () => {
        setProgress(null);
        if (input.current) input.current.value = "";
      },
    });
  }

  function onDrop(e: DragEvent<HTMLDivElement>) {
    e.preventDefault();
    setDragging(false);
    send(e.dataTransfer.files[0]);
  }

  const errorId = refusal ? `${id}-error` : undefined;
  const percent = progress ? Math.round(progress.fraction * 100) : 0;
  return (
    <div
      data-testid="evidence-drop"
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
      className={cn("space-y-2 rounded-lg border-2 border-dashed p-4", dragging ? "border-blue-600 bg-blue-50" : "border-slate-300 bg-white", refusal && "border-red-600")}
    >
      <div className="flex flex-wrap items-center gap-3">
        <label htmlFor={id} className="sr-only">
          {t("cases.evidence.fieldLabel")}
        </label>
        <input
          ref={input}
          id={id}
          type="file"
          name={EVIDENCE_FIELD}
          accept={EVIDENCE_ACCEPT}
          className="sr-only"
          aria-invalid={refusal ? true : undefined}
          aria-describedby={errorId}
          onChange={(e) => send(e.target.files?.[0])}
          disabled={mutation.isPending}
        />
        <Button type="button" variant="outline" onClick={() => input.current?.click()} disabled={mutation.isPending} aria-busy={mutation.isPending || undefined}>
          <Upload aria-hidden className="size-4" />
          {t("cases.evidence.upload")}
        </Button>
        <span className="text-sm text-slate-700">{dragging ? t("cases.evidence.dropActive") : t("cases.evidence.drop")}</span>
      </div>
      {progress ? (
        <div className="space-y-1">
          <p className="text-sm" aria-live="polite">
            {t("cases.evidence.uploading", { name: progress.name, percent })}
          </p>
          <div role="progressbar" aria-label={t("cases.evidence.progress")} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} className="h-2 w-full max-w-md overflow-hidden rounded bg-slate-200">
            <div className="h-full bg-blue-600 transition-[width]" style={{ width: `${percent}%` }} />
          </div>
        </div>
      ) : null}
      {refusal ? (
        <p id={errorId} role="alert" className="text-sm font-medium text-red-700" data-testid="evidence-refusal">
          {refusal}
        </p>
      ) : null}
    </div>
  );
}
