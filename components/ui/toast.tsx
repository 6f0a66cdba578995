"use client";

import * as ToastPrimitive from "@radix-ui/react-toast";
import { useSyncExternalStore } from "react";
import { cn } from "@/lib/utils";

type Toast = { id: number; title: string; description?: string; tone: "success" | "error" };
let toasts: Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const emit = () => {
  for (const listener of listeners) listener();
};

/** Shows a transient message; announced politely to screen readers by Radix Toast. */
export function toast(title: string, options: { description?: string; tone?: Toast["tone"] } = {}) {
  toasts = [
    ...toasts,
    { id: nextId++, title, description: options.description, tone: options.tone ?? "success" },
  ];
  emit();
}

function dismiss(id: number) {
  toasts = toasts.filter((item) => item.id !== id);
  emit();
}

export function Toaster() {
  const items = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => toasts,
    () => toasts,
  );
  return (
    <ToastPrimitive.Provider swipeDirection="right" duration={4000}>
      {items.map((item) => (
        <ToastPrimitive.Root
          key={item.id}
          onOpenChange={(open) => !open && dismiss(item.id)}
          className={cn(
            "pointer-events-auto relative rounded-md border bg-white py-3 pl-4 pr-9 shadow-lg",
            item.tone === "error" ? "border-red-200" : "border-emerald-200",
          )}
        >
          <ToastPrimitive.Title
            className={cn(
              "text-sm font-semibold",
              item.tone === "error" ? "text-red-700" : "text-emerald-700",
            )}
          >
            {item.title}
          </ToastPrimitive.Title>
          <ToastPrimitive.Close
            aria-label="Dismiss"
            className="absolute right-2 top-2 rounded px-1.5 text-slate-500 hover:bg-slate-100"
          >
            ×
          </ToastPrimitive.Close>
          {item.description && (
            <ToastPrimitive.Description className="mt-1 text-sm text-slate-600">
              {item.description}
            </ToastPrimitive.Description>
          )}
        </ToastPrimitive.Root>
      ))}
      {/* Clicks pass through the empty viewport; pages keep room at the bottom (app shell) so no content stays under a toast. */}
      <ToastPrimitive.Viewport className="pointer-events-none fixed bottom-4 right-4 z-50 flex w-80 max-w-[calc(100vw-2rem)] flex-col gap-2" />
    </ToastPrimitive.Provider>
  );
}
