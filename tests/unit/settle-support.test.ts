import pino from "pino";
import { describe, expect, it } from "vitest";
import { gatewayFactories } from "@/server/providers/gateways";
import { settlesAtProvider } from "@/server/providers/invoicing";
import { getProvider, type ProviderId, providerIds } from "@/server/providers/registry";

describe("void and record payment at the provider", () => {
  it("is offered exactly for the gateways that implement both", () => {
    const implementing = providerIds.filter((id) => {
      const factory = gatewayFactories[id as ProviderId];
      if (!factory) return false;
      const gateway = factory({
        provider: getProvider(id as ProviderId),
        apiBase: "http://127.0.0.1:9",
        credentials: {},
        log: pino({ level: "silent" }),
      });
      return Boolean(gateway.invoicing?.voidInvoice && gateway.invoicing.markPaidOutside);
    });
    expect(implementing).toEqual([...settlesAtProvider]);
  });
});
