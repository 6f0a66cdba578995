import { cn } from "@/lib/utils";

/** A grey placeholder block while a page loads. */
export function Skeleton({ className }: { className?: string }) {
  return <div aria-hidden className={cn("animate-pulse rounded-md bg-slate-200", className)} />;
}

/** A page-shaped placeholder: title, a line of text and a few rows; announced as loading. */
export function PageSkeleton({ rows = 5 }: { rows?: number }) {
  return (
    <output className="block space-y-6" aria-live="polite">
      <span className="sr-only">Loading…</span>
      <div className="space-y-2">
        <Skeleton className="h-8 w-64" />
        <Skeleton className="h-4 w-96 max-w-full" />
      </div>
      <div className="space-y-3 rounded-lg border border-slate-200 bg-white p-6">
        {Array.from({ length: rows }, (_, index) => `row-${index}`).map((key) => (
          <Skeleton key={key} className="h-5 w-full" />
        ))}
      </div>
    </output>
  );
}
