import { Badge } from "@/components/ui/badge";
import { formatDate, formatDateTime } from "@/lib/dates";
import { provenanceOf, syncStatusTone } from "@/lib/sync-status";

export type SyncCardData = {
  id: string;
  integrationName: string;
  providerName: string;
  status: string;
  statusSource: string | null;
  statusAt: Date | null;
  externalId: string | null;
  externalNumber: string | null;
  hostedUrl: string | null;
  paidAt: Date | null;
  paymentMethod: string | null;
  transactionId: string | null;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date | null;
  lastReconciledAt: Date | null;
};

const dateTime = (value: Date) => formatDateTime(value);

/** One invoice's state in one integration: status, where it came from, the provider's reference and link. */
export function SyncCard({ sync }: { sync: SyncCardData }) {
  const provenance = provenanceOf(sync);
  return (
    <div className="space-y-2 rounded-md border border-slate-200 p-4" data-testid="invoice-sync">
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={syncStatusTone[sync.status]} data-testid="sync-status">
          {sync.status}
        </Badge>
        <span className="text-sm font-medium text-slate-900">{sync.integrationName}</span>
        <span className="text-xs text-slate-500">{sync.providerName}</span>
      </div>
      {provenance && <p className="text-sm text-slate-700">{provenance}</p>}
      <dl className="grid grid-cols-[9rem_1fr] gap-x-3 gap-y-1 text-sm">
        {sync.externalId && (
          <>
            <dt className="text-slate-500">External id</dt>
            <dd className="font-mono text-xs" data-testid="external-id">
              {sync.externalId}
            </dd>
          </>
        )}
        {sync.externalNumber && (
          <>
            <dt className="text-slate-500">Provider number</dt>
            <dd>{sync.externalNumber}</dd>
          </>
        )}
        {sync.paidAt && (
          <>
            <dt className="text-slate-500">Paid</dt>
            <dd>
              {formatDate(sync.paidAt)}
              {sync.paymentMethod ? ` · ${sync.paymentMethod.replace(/_/g, " ")}` : ""}
              {sync.transactionId ? ` · ${sync.transactionId}` : ""}
            </dd>
          </>
        )}
        <dt className="text-slate-500">Attempts</dt>
        <dd>{sync.attempts}</dd>
        {sync.nextAttemptAt && sync.status === "pending" && (
          <>
            <dt className="text-slate-500">Next attempt</dt>
            <dd>{dateTime(sync.nextAttemptAt)}</dd>
          </>
        )}
        {sync.lastReconciledAt && (
          <>
            <dt className="text-slate-500">Last checked</dt>
            <dd>{dateTime(sync.lastReconciledAt)}</dd>
          </>
        )}
      </dl>
      {sync.lastError && (
        <p role="status" className="rounded bg-red-50 px-3 py-2 text-sm text-red-800">
          {sync.lastError}
        </p>
      )}
      {sync.hostedUrl && (
        <a
          href={sync.hostedUrl}
          target="_blank"
          rel="noreferrer noopener"
          className="inline-block text-sm font-medium text-indigo-700 hover:underline"
        >
          View in {sync.providerName} ↗
        </a>
      )}
    </div>
  );
}
