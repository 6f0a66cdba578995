"use client";

import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";

/** A read-only value with a Copy button (webhook URLs, one-time secrets). */
export function CopyField({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div>
      <p className="text-sm font-medium text-slate-800">{label}</p>
      <div className="mt-1 flex gap-2">
        <code
          data-testid={testId}
          className="flex-1 overflow-x-auto rounded border border-slate-200 bg-slate-50 px-2 py-1.5 font-mono text-sm"
        >
          {value}
        </code>
        <Button
          type="button"
          size="sm"
          variant="secondary"
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
