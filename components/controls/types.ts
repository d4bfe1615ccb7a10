export type {
  BankControlsView,
  BlastRadius,
  BulkBlastRadius,
  BulkResult,
  ChangeResult,
  ControlsResponse,
  ControlView,
  HistoryEntry,
  HistoryResponse,
  RequestView,
} from "@/lib/controls/schemas";

export interface Person {
  name: string;
  kind: "staff" | "api_key" | "system";
  org: string | null;
}
