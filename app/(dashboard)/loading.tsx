import { PageSkeleton } from "@/components/ui/skeleton";

/** Shown at once while the page loads, so a click always shows something. */
export default function Loading() {
  return <PageSkeleton />;
}
