import { beforeAll, describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { getAuth } from "@/server/auth";
import { createWorld, signUp, unique, type World } from "../helpers/world";

let world: World;
beforeAll(async () => {
  world = await createWorld();
});

describe("a customer's portal contact", () => {
  it("is never given a tenant of its own: not through our procedure, nor the auth library's route", async () => {
    const contact = await signUp("portal-contact");
    await world.ownerA.caller.portal.invite({ customerId: world.customerA.id, email: contact.email });
    expect(await contact.caller.portal.portalOnly()).toBe(true);

    await expect(
      contact.caller.tenants.create({ name: "Contact's own", slug: unique("contact") }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });

    const auth = await getAuth();
    const response = await auth.handler(
      new Request(new URL("/api/auth/organization/create", env.BETTER_AUTH_URL), {
        method: "POST",
        headers: {
          "content-type": "application/json",
          cookie: contact.headers.get("cookie") ?? "",
          origin: env.BETTER_AUTH_URL,
        },
        body: JSON.stringify({ name: "Contact's own", slug: unique("contact-lib") }),
      }),
    );
    expect(response.status).toBe(403);
    expect(await contact.caller.tenants.mine()).toEqual([]);
  });

  it("an ordinary new user may still create a tenant", async () => {
    const founder = await signUp("founder");
    await expect(founder.caller.portal.portalOnly()).resolves.toBe(false);
    await expect(
      founder.caller.tenants.create({ name: "Founded", slug: unique("founded") }),
    ).resolves.toMatchObject({ name: "Founded" });
  });
});
