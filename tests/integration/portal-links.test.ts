import type { Job } from "pg-boss";
import { beforeAll, describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { getAuth } from "@/server/auth";
import { getBoss } from "@/server/jobs/boss";
import { sendRequestedPortalLinks } from "@/server/jobs/handlers/portal-link";
import type { QueuePayload } from "@/server/jobs/queues";
import { callerFor, createWorld, unique, type World } from "../helpers/world";

let world: World;
beforeAll(async () => {
  world = await createWorld();
});

async function emailsTo(address: string) {
  const boss = await getBoss();
  const jobs = await boss.findJobs<{ to: string; text: string }>("email.send");
  return jobs.filter((job) => job.data.to === address);
}

/** Runs the queued portal.link jobs for one address the way the worker does. */
async function runLinkJobs(address: string) {
  const boss = await getBoss();
  const jobs = (await boss.findJobs<QueuePayload<"portal.link">>("portal.link")).filter(
    (job) => job.data.email === address,
  );
  expect(jobs.length).toBeGreaterThan(0);
  await sendRequestedPortalLinks(jobs as Job<QueuePayload<"portal.link">>[]);
}

const anonymousFrom = (ip: string) => callerFor(new Headers({ "x-forwarded-for": ip }));
const nextIp = (() => {
  let n = 0;
  return () => `198.51.100.${++n}`;
})();

describe("portal sign-in links", () => {
  it("the magic-link endpoint of the auth library is closed to callers", async () => {
    const auth = await getAuth();
    const response = await auth.handler(
      new Request(new URL("/api/auth/sign-in/magic-link", env.BETTER_AUTH_URL), {
        method: "POST",
        headers: { "content-type": "application/json", origin: env.BETTER_AUTH_URL },
        body: JSON.stringify({ email: `${unique("anyone")}@test.example` }),
      }),
    );
    expect(response.status).toBe(404);
  });

  it("a link asked for an address without access is never sent, and the answer is the same", async () => {
    const stranger = `${unique("stranger")}@test.example`;
    const caller = await anonymousFrom(nextIp());
    await expect(caller.portal.requestLink({ email: stranger })).resolves.toEqual({ sent: true });
    await runLinkJobs(stranger);
    expect(await emailsTo(stranger)).toHaveLength(0);

    // Even the library's own send path refuses an address without portal access.
    const auth = await getAuth();
    await auth.api.signInMagicLink({
      body: { email: stranger, callbackURL: "/portal" },
      headers: new Headers(),
    });
    expect(await emailsTo(stranger)).toHaveLength(0);
  });

  it("an invited contact gets a link when they ask for one", async () => {
    const contact = `${unique("contact")}@test.example`;
    await world.ownerA.caller.portal.invite({ customerId: world.customerA.id, email: contact });
    expect(await emailsTo(contact)).toHaveLength(1);

    const caller = await anonymousFrom(nextIp());
    await expect(caller.portal.requestLink({ email: contact })).resolves.toEqual({ sent: true });
    await runLinkJobs(contact);
    const mails = await emailsTo(contact);
    expect(mails).toHaveLength(2);
    expect(mails[1]?.data.text).toContain("/api/auth/magic-link/verify?token=");
  });

  it("asking again and again for one address is throttled with Retry-After", async () => {
    const contact = `${unique("hammered")}@test.example`;
    const results = [];
    for (let i = 0; i < 5; i++) {
      const caller = await anonymousFrom(nextIp());
      results.push(await caller.portal.requestLink({ email: contact }).catch((error: unknown) => error));
    }
    expect(results.slice(0, 3)).toEqual([{ sent: true }, { sent: true }, { sent: true }]);
    expect(results[3]).toMatchObject({ code: "TOO_MANY_REQUESTS" });
  });

  it("one caller address cannot walk through many emails", async () => {
    const caller = await anonymousFrom(nextIp());
    const outcomes: string[] = [];
    for (let i = 0; i < 12; i++) {
      outcomes.push(
        await caller.portal
          .requestLink({ email: `${unique("walk")}@test.example` })
          .then(() => "sent")
          .catch((error: { code?: string }) => error.code ?? "error"),
      );
    }
    expect(outcomes.filter((outcome) => outcome === "sent")).toHaveLength(10);
    expect(outcomes.slice(10)).toEqual(["TOO_MANY_REQUESTS", "TOO_MANY_REQUESTS"]);
  });
});
