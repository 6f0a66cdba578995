import { randomUUID } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { beforeAll, describe, expect, it } from "vitest";
import * as webhookRoute from "@/app/api/webhooks/[provider]/[integrationId]/route";
import { createWorld, type World } from "../helpers/world";

// A signed JSON body may carry NUL (`\u0000` is valid JSON); PostgreSQL text cannot. The delivery is
// stored (NUL replaced), never a 500.
let world: World;
beforeAll(async () => {
  world = await createWorld();
});

async function deliver(body: string, messageId = `msg_${randomUUID()}`) {
  const sentAt = new Date();
  const integrationId = world.integrationA.id;
  return webhookRoute.POST(
    new Request(`http://localhost:3000/api/webhooks/custom_webhook/${integrationId}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "webhook-id": messageId,
        "webhook-timestamp": String(Math.floor(sentAt.getTime() / 1000)),
        "webhook-signature": new Webhook(world.webhookSecretA).sign(messageId, sentAt, body),
      },
      body,
    }),
    { params: Promise.resolve({ provider: "custom_webhook", integrationId }) },
  );
}

describe("NUL in a signed webhook body", () => {
  it("an escaped NUL in the event's type and data is stored, NUL replaced", async () => {
    const response = await deliver(
      JSON.stringify({
        type: "invoice.paid\u0000",
        timestamp: new Date().toISOString(),
        data: { note: "a\u0000b" },
      }),
    );
    expect(response.status, await response.clone().text()).toBe(200);
    const { id } = (await response.json()) as { id: string };
    const event = await world.ownerA.caller.webhooks.get({ id });
    expect(event.eventType).toBe("invoice.paid\uFFFD");
    expect(JSON.stringify(event)).not.toContain("\u0000");
    // A raw NUL byte (not valid JSON) is no 500 either.
    const raw = await deliver(`{"type":"invoice.paid","data":{"note":"a\u0000b"}}`);
    expect(raw.status).toBeLessThan(500);
  });
});
