import { Badge } from "@/components/ui/badge";

const tones = {
  active: "success",
  testing: "info",
  pending_configuration: "warning",
  inactive: "neutral",
  error: "danger",
} as const;
const labels = {
  active: "Active",
  testing: "Testing",
  pending_configuration: "Needs setup",
  inactive: "Disconnected",
  error: "Error",
} as const;

export function IntegrationStatusBadge({ status }: { status: keyof typeof tones }) {
  return <Badge tone={tones[status]}>{labels[status]}</Badge>;
}

export function ProviderStatusBadge({ status }: { status: "active" | "beta" | "deprecated" }) {
  if (status === "active") return null;
  return <Badge tone={status === "beta" ? "info" : "warning"}>{status}</Badge>;
}
