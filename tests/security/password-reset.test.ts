import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  authCall,
  cookieFrom,
  mailCount,
  mailedLink,
  resetAuthThrottles,
  startMailWorker,
  stopMailWorker,
} from "../helpers/auth-http";
import { signUp, testPassword, unique } from "../helpers/world";

// Forgotten passwords are reset by a single-use link mailed through the job queue and SMTP.
let boss: PgBoss;
beforeAll(async () => {
  await resetAuthThrottles();
  boss = await startMailWorker();
});
afterAll(async () => {
  await stopMailWorker(boss);
});

/** Follows the mailed link the way the browser does and returns the token the reset page gets. */
async function tokenFromMail(email: string, nth = 1) {
  const link = new URL(await mailedLink(email, "/api/auth/reset-password/", nth));
  const opened = await authCall(link.pathname + link.search);
  expect(opened.status).toBe(302);
  const target = new URL(opened.headers.get("location") ?? "", "http://localhost:3000");
  expect(target.pathname).toBe("/reset-password");
  return target.searchParams.get("token") ?? "";
}

describe("password reset by email", () => {
  it("resets with the mailed link once, signs every session out, and the new password works", async () => {
    const person = await signUp("forgetful");
    const before = await authCall("/sign-in/email", {
      body: { email: person.email, password: testPassword },
    });
    const oldCookie = cookieFrom(before);

    expect(
      (
        await authCall("/request-password-reset", {
          body: { email: person.email, redirectTo: "/reset-password" },
        })
      ).status,
    ).toBe(200);
    const token = await tokenFromMail(person.email);
    expect(
      (await authCall("/reset-password", { body: { token, newPassword: "brand-new-secret-1" } })).status,
    ).toBe(200);

    expect(await (await authCall("/get-session", { cookie: oldCookie })).json()).toBeNull();
    expect(
      (await authCall("/sign-in/email", { body: { email: person.email, password: testPassword } })).status,
    ).toBe(401);
    expect(
      (await authCall("/sign-in/email", { body: { email: person.email, password: "brand-new-secret-1" } }))
        .status,
    ).toBe(200);
    // The link works once.
    expect(
      (await authCall("/reset-password", { body: { token, newPassword: "another-secret-2" } })).status,
    ).toBe(400);
  });

  it("a reset unlocks an account that failed sign-ins (perhaps someone else's) had locked", async () => {
    await resetAuthThrottles();
    const person = await signUp("locked-out");
    let last: Response | undefined;
    for (let i = 0; i < 6; i++)
      last = await authCall("/sign-in/email", {
        body: { email: person.email, password: "not-the-password" },
      });
    expect(last?.status).toBe(429);
    await authCall("/request-password-reset", {
      body: { email: person.email, redirectTo: "/reset-password" },
    });
    const token = await tokenFromMail(person.email);
    expect(
      (await authCall("/reset-password", { body: { token, newPassword: "unlocked-secret-3" } })).status,
    ).toBe(200);
    expect(
      (await authCall("/sign-in/email", { body: { email: person.email, password: "unlocked-secret-3" } }))
        .status,
    ).toBe(200);
    await resetAuthThrottles();
  });

  it("answers the same for an unknown address, and mails nothing there", async () => {
    const nobody = `${unique("nobody")}@test.example`;
    const response = await authCall("/request-password-reset", {
      body: { email: nobody, redirectTo: "/reset-password" },
    });
    expect(response.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await mailCount(nobody)).toBe(0);
  });

  it("asking for reset links is throttled like sign-in, as an ErrorResponse with Retry-After", async () => {
    await resetAuthThrottles();
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 7; i++) {
      last = await authCall("/request-password-reset", {
        body: { email: `${unique("flood")}@test.example`, redirectTo: "/reset-password" },
        headers: { "x-forwarded-for": `203.0.113.${i + 1}` },
      });
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    expect(Number(last?.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await last?.json()).toMatchObject({ statusCode: 429, error: "Too Many Requests" });
    await resetAuthThrottles();
  });
});
