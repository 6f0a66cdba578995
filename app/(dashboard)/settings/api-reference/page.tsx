import type { Metadata } from "next";
import { SettingsNav } from "@/components/settings/settings-nav";
import { Badge } from "@/components/ui/badge";
import { Card, PageHeader } from "@/components/ui/card";
import { openApiDocument } from "@/server/api/openapi";
import { requireTenant } from "@/server/auth/tenant-page";

export const metadata: Metadata = { title: "API reference" };

const methods = ["get", "post", "put", "delete", "patch"] as const;

export default async function ApiReferencePage() {
  await requireTenant();
  const document = openApiDocument();
  const operations = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    methods.flatMap((method) => {
      const operation = item?.[method];
      return operation
        ? [{ path, method, summary: operation.summary ?? "", tags: operation.tags ?? [] }]
        : [];
    }),
  );
  return (
    <>
      <PageHeader title="Settings" />
      <SettingsNav current="/settings/api-reference" />
      <Card>
        <h2 className="text-base font-semibold">REST API</h2>
        <p className="mt-1 text-sm text-slate-600">{document.info.description}</p>
        <p className="mt-2 text-sm">
          Base URL <code className="font-mono">{document.servers?.[0]?.url}</code> ·{" "}
          <a className="text-indigo-600 hover:underline" href="/api/v1/openapi.json">
            OpenAPI document
          </a>
        </p>
        <ul className="mt-4 divide-y divide-slate-100" aria-label="Operations">
          {operations.map((operation) => (
            <li
              key={`${operation.method} ${operation.path}`}
              className="flex flex-wrap items-center gap-2 py-2 text-sm"
            >
              <Badge
                tone={
                  operation.method === "get" ? "info" : operation.method === "delete" ? "danger" : "success"
                }
              >
                {operation.method.toUpperCase()}
              </Badge>
              <code className="font-mono">/api/v1{operation.path}</code>
              <span className="text-slate-600">{operation.summary}</span>
            </li>
          ))}
        </ul>
      </Card>
    </>
  );
}
