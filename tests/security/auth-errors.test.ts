import { beforeAll, describe, expect, it } from "vitest";
import { authCall, resetAuthThrottles } from "../helpers/auth-http";
import { signUp, unique } from "../helpers/world";

// Every error of /api/auth/* is the standard ErrorResponse; better-auth's code rides along for its client.
async function expectErrorResponse(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/application\/json/);
  const body = (await response.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ statusCode: status, error: expect.any(String), message: expect.any(String) });
  expect(
    Object.keys(body).every((key) => ["statusCode", "error", "message", "details", "code"].includes(key)),
  ).toBe(true);
  return body;
}

beforeAll(async () => {
  await resetAuthThrottles();
});

describe("better-auth errors reach callers as ErrorResponse", () => {
  it("a wrong password is a 401 with the library's code kept", async () => {
    const body = await expectErrorResponse(
      await authCall("/sign-in/email", {
        body: { email: `${unique("nobody")}@test.example`, password: "wrong-pass" },
      }),
      401,
    );
    expect(body).toMatchObject({ error: "Unauthorized", code: "INVALID_EMAIL_OR_PASSWORD" });
  });

  it("signing up an existing address, or with a short password, is a 400", async () => {
    const person = await signUp("exists");
    const existing = await expectErrorResponse(
      await authCall("/sign-up/email", {
        body: { name: "Again", email: person.email, password: "long-enough-1" },
      }),
      400,
    );
    expect(String(existing.code)).toMatch(/USER_ALREADY_EXISTS/);
    await expectErrorResponse(
      await authCall("/sign-up/email", {
        body: { name: "Short", email: `${unique("s")}@test.example`, password: "x" },
      }),
      400,
    );
  });

  it("a closed route is a 404, a missing session a 401", async () => {
    await expectErrorResponse(
      await authCall("/sign-in/magic-link", { body: { email: "a@test.example" } }),
      404,
    );
    await expectErrorResponse(
      await authCall("/change-password", {
        body: { currentPassword: "long-enough-1", newPassword: "long-enough-2" },
      }),
      401,
    );
  });

  it("a used or unknown reset token is a 400", async () => {
    const body = await expectErrorResponse(
      await authCall("/reset-password", { body: { token: "not-a-token", newPassword: "long-enough-1" } }),
      400,
    );
    expect(body.code).toBe("INVALID_TOKEN");
  });

  it("an oversized body is a 413, refused before it is read whole", async () => {
    const body = await expectErrorResponse(
      await authCall("/sign-in/email", {
        body: { email: `${unique("big")}@test.example`, password: "x".repeat(100 * 1024) },
      }),
      413,
    );
    expect(body.error).toBe("Payload Too Large");
  });
});
