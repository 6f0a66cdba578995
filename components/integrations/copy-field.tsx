"use client";

import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";

/** A read-only value with a Copy button (webhook URLs, one-time secrets). */
export function CopyField({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div>
      <p className="text-sm font-medium text-slate-800">{label}</p>
      <div className="mt-1 flex min-w-0 items-start gap-2">
        <code
          data-testid={testId}
          className="min-w-0 flex-1 break-all rounded border border-slate-200 bg-slate-50 px-2 py-1.5 font-mono text-sm"
        >
          {value}
        </code>
        <Button
          type="button"
          size="sm"
          variant="secondary"
          className="shrink-0"
          aria-label={`Copy ${label}`}
          onClick={async () => {
            await navigator.clipboard.writeText(value);
            toast("Copied");
          }}
        >
          Copy
        </Button>
      </div>
    </div>
  );
}
