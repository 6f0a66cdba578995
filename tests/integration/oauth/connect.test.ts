import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { getDb } from "@/server/db/client";
import { integrations, oauthStates } from "@/server/db/schema";
import { exchangeCode } from "@/server/providers/oauth";
import { getProvider } from "@/server/providers/registry";
import { consumeState, createState } from "@/server/services/oauth/state";
import { openTokenSet } from "@/server/services/oauth/tokens";
import { authorize, connectXero, userinfo } from "../../helpers/oauth-client";
import { oauthTestClient } from "../../helpers/oauth-test-client";
import { signUp, unique } from "../../helpers/world";

const xero = getProvider("xero");
const redirectUri = oauthTestClient.redirectUri;

describe("OAuth connect: authorization code + PKCE against a real authorization server", () => {
  let owner = { userId: "", tenantId: "" };
  let other = { userId: "", tenantId: "" };
  beforeAll(async () => {
    for (const [label, assign] of [
      ["oauth-owner", (value: typeof owner) => (owner = value)],
      ["oauth-other", (value: typeof owner) => (other = value)],
    ] as const) {
      const person = await signUp(label);
      const tenant = await person.caller.tenants.create({ name: label, slug: unique(label) });
      assign({ userId: person.userId, tenantId: tenant.id });
    }
  });

  const integrationCount = async (tenantId: string) =>
    (await (await getDb()).select().from(integrations).where(eq(integrations.tenantId, tenantId))).length;

  it("exchanges the code end to end and stores a sealed token set that the provider accepts", async () => {
    const integration = await connectXero({ ...owner, name: unique("Xero") });
    const tokenSet = openTokenSet(integration);
    expect(tokenSet).toMatchObject({ tokenType: "bearer", refreshToken: expect.any(String) });
    // offline_access shows as the refresh token, not in the access token's scope.
    expect(tokenSet.scope?.split(" ")).toEqual(
      expect.arrayContaining(["accounting.transactions", "accounting.contacts"]),
    );
    expect(Date.parse(tokenSet.expiresAt)).toBeGreaterThan(Date.now() + 5 * 60_000);
    expect(integration.credentials).not.toContain(tokenSet.accessToken);
    expect(await userinfo(tokenSet.accessToken)).toMatchObject({ sub: "test-user" });
  });

  it("puts PKCE S256, the state and the registry scopes in the authorization URL", async () => {
    const db = await getDb();
    const started = await createState(db, { ...owner, providerId: "xero", redirectUri });
    const url = new URL(started.authorizationUrl);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: "code",
      state: started.state,
      code_challenge: started.codeChallenge,
      code_challenge_method: "S256",
      scope: xero.oauth?.scopes.join(" "),
    });
    expect(started.state).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  const refusal = async (promise: Promise<unknown>) => {
    const error = await promise.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  };

  it("refuses a missing, reused, expired or foreign state clearly and stores nothing", async () => {
    const db = await getDb();
    const binding = { ...owner, providerId: "xero" };
    const before = await integrationCount(owner.tenantId);
    expect((await refusal(consumeState(db, "", binding))).message).toMatch(
      /unknown \(missing or invalid state\)/,
    );

    const reused = await createState(db, { ...binding, redirectUri });
    await consumeState(db, reused.state, binding);
    const second = await refusal(consumeState(db, reused.state, binding));
    expect(second).toMatchObject({ kind: "BAD_REQUEST", message: expect.stringMatching(/already used/) });

    const expired = await createState(db, { ...binding, redirectUri });
    await db.execute(
      sql`update oauth_states set expires_at = now() - interval '1 second' where state = ${expired.state}`,
    );
    expect((await refusal(consumeState(db, expired.state, binding))).message).toMatch(/expired/);

    const foreign = await createState(db, { ...binding, redirectUri });
    for (const wrong of [
      { ...binding, userId: other.userId },
      { ...binding, tenantId: other.tenantId },
    ]) {
      expect((await refusal(consumeState(db, foreign.state, wrong))).message).toMatch(/another user, tenant/);
    }
    const wrongProvider = { ...binding, providerId: "quickbooks" };
    expect((await refusal(consumeState(db, foreign.state, wrongProvider))).message).toMatch(/another user/);
    // A refused attempt does not burn the state for its rightful owner.
    const [row] = await db.select().from(oauthStates).where(eq(oauthStates.state, foreign.state));
    expect(row?.usedAt).toBeNull();
    expect(await integrationCount(owner.tenantId)).toBe(before);
  });

  it("reports denied consent (error=access_denied) clearly and stores nothing", async () => {
    const db = await getDb();
    const binding = { ...owner, providerId: "xero" };
    const before = await integrationCount(owner.tenantId);
    const started = await createState(db, { ...binding, redirectUri });
    const callbackUrl = await authorize(started.authorizationUrl, "deny");
    expect(new URL(callbackUrl).searchParams.get("error")).toBe("access_denied");
    const consumed = await consumeState(db, started.state, binding);
    const error = await refusal(
      exchangeCode(xero, {
        callbackUrl,
        expectedState: started.state,
        codeVerifier: consumed.codeVerifier,
        redirectUri,
      }),
    );
    expect(error.message).toBe("Xero did not grant access (access_denied: The test user denied access)");
    expect(await integrationCount(owner.tenantId)).toBe(before);
  });

  it("rejects a callback whose code is redeemed with the wrong PKCE verifier", async () => {
    const db = await getDb();
    const started = await createState(db, { ...owner, providerId: "xero", redirectUri });
    const callbackUrl = await authorize(started.authorizationUrl);
    const attempt = exchangeCode(xero, {
      callbackUrl,
      expectedState: started.state,
      codeVerifier: "x".repeat(43),
      redirectUri,
    });
    await expect(attempt).rejects.toMatchObject({ name: "OAuthGrantError", code: "invalid_grant" });
  });
});
