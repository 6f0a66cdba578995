import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { createTRPCContext } from "@/server/api/trpc";
import { FREE_FAILURES } from "@/server/auth/sign-in-backoff";
import { getDb } from "@/server/db/client";
import { signInFailure } from "@/server/db/schema";
import { authCall, resetAuthThrottles } from "../helpers/auth-http";
import { callerFor, signUp, testPassword, unique } from "../helpers/world";

// With default settings no proxy is declared: whatever a caller writes in X-Forwarded-For buys it
// nothing (no fresh sign-in budget, no fake audit address, no fresh portal-link budget).
let n = 0;
const rotatingAddress = () => `203.0.113.${(++n % 250) + 1}`;
const signIn = (email: string, password: string) =>
  authCall("/sign-in/email", {
    body: { email, password },
    headers: { "x-forwarded-for": rotatingAddress() },
  });

/** Lets a lock run out without waiting for it. */
async function expireLock(email: string) {
  await (await getDb())
    .update(signInFailure)
    .set({ lockedUntil: new Date(Date.now() - 1000) })
    .where(eq(signInFailure.email, email.toLowerCase()));
}

beforeEach(async () => {
  await resetAuthThrottles();
});

describe("the caller's address with default settings", () => {
  it("rotating X-Forwarded-For gives no more sign-in attempts", async () => {
    const statuses: number[] = [];
    // Different accounts each time, so only the per-address limit (30 a minute) can stop them.
    for (let i = 0; i < 32; i++)
      statuses.push((await signIn(`${unique("nobody")}@test.example`, "wrong-password")).status);
    expect(statuses.slice(0, 30).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(30)).toEqual([429, 429]);
  });

  it("the account locks after repeated failures from any address, with Retry-After, and a success resets it", async () => {
    const person = await signUp("locked");
    for (let i = 0; i < FREE_FAILURES; i++)
      expect((await signIn(person.email, "wrong-password")).status).toBe(401);

    const locked = await signIn(person.email, testPassword);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await locked.json()).toMatchObject({
      statusCode: 429,
      error: "Too Many Requests",
      message: expect.stringMatching(/Too many failed sign-ins/),
    });
    // Upper case and spaces are the same account.
    expect((await signIn(` ${person.email.toUpperCase()} `, testPassword)).status).toBe(429);

    // Once the lock runs out, the right password works and clears the count.
    await expireLock(person.email);
    expect((await signIn(person.email, testPassword)).status).toBe(200);
    expect((await signIn(person.email, "wrong-password")).status).toBe(401);
    expect((await signIn(person.email, testPassword)).status).toBe(200);
  });

  it("the lock doubles for each failure past the free ones", async () => {
    const email = `${unique("doubling")}@test.example`;
    for (let i = 0; i < FREE_FAILURES; i++) await signIn(email, "wrong-password");
    const first = Number((await signIn(email, "wrong-password")).headers.get("retry-after"));
    await expireLock(email);
    await signIn(email, "wrong-password");
    const second = Number((await signIn(email, "wrong-password")).headers.get("retry-after"));
    expect(first).toBeGreaterThanOrEqual(29);
    expect(second).toBeGreaterThanOrEqual(2 * first - 2);
  });

  it("the audit address is not the caller's claim", async () => {
    const context = await createTRPCContext({ headers: new Headers({ "x-forwarded-for": "198.51.100.77" }) });
    expect(context.ip).toBeNull();
  });

  it("rotating X-Forwarded-For gives no fresh portal-link budget", async () => {
    const outcomes: string[] = [];
    for (let i = 0; i < 12; i++) {
      const caller = await callerFor(new Headers({ "x-forwarded-for": rotatingAddress() }));
      outcomes.push(
        await caller.portal
          .requestLink({ email: `${unique("walk")}@test.example` })
          .then(() => "sent")
          .catch((error: { code?: string }) => error.code ?? "error"),
      );
    }
    expect(outcomes.filter((outcome) => outcome === "TOO_MANY_REQUESTS").length).toBeGreaterThanOrEqual(2);
  });
});
