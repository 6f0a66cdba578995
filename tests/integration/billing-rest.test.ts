import { beforeAll, describe, expect, it } from "vitest";
import { stripeTestKey } from "../helpers/fixtures";
import { restClient } from "../helpers/rest";
import { createWorld, unique, type World } from "../helpers/world";

let world: World;
const rest = restClient(() => world.apiKeyA.key);
const json = async (response: Response) => ({ status: response.status, body: await response.json() });

beforeAll(async () => {
  world = await createWorld();
});

describe("customer billing over REST (/api/v1)", () => {
  let customerId = "";

  it("creates a customer, sets up its billing integration by connecting Stripe, and reports it", async () => {
    const created = await json(
      await rest("POST", "/customers", {
        name: "REST Customer",
        email: `${unique("rest")}@customer.example`,
      }),
    );
    expect(created.status).toBe(200);
    customerId = created.body.id;

    const none = await json(await rest("GET", `/customers/${customerId}/billing-integration/status`));
    expect(none.body).toMatchObject({ source: null, integration: null });

    const setup = await json(
      await rest("POST", `/customers/${customerId}/billing-integration/setup`, {
        provider: "stripe",
        name: "Stripe for REST Customer",
        credentials: { secretKey: stripeTestKey },
      }),
    );
    expect(setup.status).toBe(200);
    expect(setup.body).toMatchObject({
      source: "customer",
      integration: { providerId: "stripe", status: "active" },
    });
    expect(JSON.stringify(setup.body)).not.toContain(stripeTestKey);

    const tested = await json(await rest("POST", `/customers/${customerId}/billing-integration/test`));
    expect(tested.body.integration.lastTestResult.ok).toBe(true);

    const wrong = await json(
      await rest("PUT", `/customers/${customerId}/billing-integration/credentials`, {
        credentials: { secretKey: "sk_test_wrongWrongWrong000000001111" },
      }),
    );
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ statusCode: 401, error: "Unauthorized" });
  });

  it("creates invoices for the customer with field errors for bad input, and reads their status", async () => {
    const bad = await json(
      await rest("POST", `/customers/${customerId}/invoices`, {
        currency: "pounds",
        dueDate: "soon",
        lines: [],
      }),
    );
    expect(bad.status).toBe(400);
    const fields = (bad.body.details as { field?: string }[]).map((detail) => detail.field);
    expect(fields).toEqual(expect.arrayContaining(["currency", "dueDate", "lines"]));

    const draft = await json(
      await rest("POST", `/customers/${customerId}/invoices`, {
        currency: "GBP",
        dueDate: "2099-06-30",
        lines: [{ description: "Audit", quantity: 1, unitAmountMinor: 50000, taxRateBps: 2000 }],
        send: false,
      }),
    );
    expect(draft.status).toBe(200);
    expect(draft.body).toMatchObject({ status: "draft", totalMinor: 60000, syncs: [] });

    const listed = await json(await rest("GET", `/customers/${customerId}/invoices`));
    expect(listed.body.items.map((item: { id: string }) => item.id)).toContain(draft.body.id);
    const status = await json(await rest("GET", `/customers/${customerId}/invoices/${draft.body.id}/status`));
    expect(status.body).toMatchObject({ status: "draft", syncs: [] });
    const notYet = await json(await rest("POST", `/customers/${customerId}/invoices/${draft.body.id}/sync`));
    expect(notYet.status).toBe(409);

    // Another customer's path does not reach this invoice.
    const elsewhere = await json(
      await rest("GET", `/customers/${world.customerA.id}/invoices/${draft.body.id}`),
    );
    expect(elsewhere.status).toBe(404);

    const counts = await json(await rest("GET", "/billing/integration-status"));
    expect(counts.status).toBe(200);
    const pending = await json(await rest("POST", "/billing/sync-all-pending"));
    expect(pending.body).toMatchObject({ queued: expect.any(Number) });
  });

  it("falls back to the tenant's integration when the customer's own is removed", async () => {
    const removed = await json(await rest("DELETE", `/customers/${customerId}/billing-integration`));
    expect(removed.status).toBe(200);
    expect(removed.body.source === null || removed.body.source === "tenant").toBe(true);
    const again = await json(await rest("DELETE", `/customers/${customerId}/billing-integration`));
    expect(again.status).toBe(404);
  });

  it("keeps a product catalogue: create, name conflicts, change, delete", async () => {
    const name = unique("Boiler service");
    const created = await json(
      await rest("POST", "/products", { name, unitAmountMinor: 18000, currency: "gbp", taxRateBps: 2000 }),
    );
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ name, currency: "GBP", unitAmountMinor: 18000 });
    const duplicate = await json(
      await rest("POST", "/products", { name: name.toUpperCase(), unitAmountMinor: 1, currency: "GBP" }),
    );
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.details[0]).toMatchObject({ field: "name" });
    const changed = await json(
      await rest("PUT", `/products/${created.body.id}`, { name, unitAmountMinor: 19000, currency: "GBP" }),
    );
    expect(changed.body.unitAmountMinor).toBe(19000);
    const bad = await json(
      await rest("POST", "/products", { name: "x", unitAmountMinor: -1, currency: "GB" }),
    );
    expect(bad.status).toBe(400);
    expect((await rest("DELETE", `/products/${created.body.id}`)).status).toBe(200);
    expect((await rest("DELETE", `/products/${created.body.id}`)).status).toBe(404);
  });

  it("is documented in the OpenAPI document", async () => {
    const { GET } = await import("@/app/api/v1/openapi.json/route");
    const document = (await (await GET()).json()) as { paths: Record<string, unknown> };
    for (const path of [
      "/customers/{customerId}/billing-integration/setup",
      "/customers/{customerId}/billing-integration/credentials",
      "/customers/{customerId}/billing-integration/status",
      "/customers/{customerId}/billing-integration/test",
      "/customers/{customerId}/billing-integration",
      "/customers/{customerId}/invoices",
      "/customers/{customerId}/invoices/{invoiceId}",
      "/customers/{customerId}/invoices/{invoiceId}/sync",
      "/customers/{customerId}/invoices/{invoiceId}/status",
      "/billing/sync-all-pending",
      "/billing/integration-status",
      "/integrations/{provider}/sync/status",
    ]) {
      expect(Object.keys(document.paths)).toContain(path);
    }
  });
});
