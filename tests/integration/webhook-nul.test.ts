import { beforeAll, describe, expect, it } from "vitest";
import { createWorld, postStandardWebhook, type World } from "../helpers/world";

// A signed JSON body may carry NUL (`\u0000` is valid JSON); PostgreSQL text cannot. The delivery is
// stored (NUL replaced), never a 500.
let world: World;
beforeAll(async () => {
  world = await createWorld();
});

const deliver = (body: string, messageId?: string) =>
  postStandardWebhook(world.integrationA.id, world.webhookSecretA, body, messageId);

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
