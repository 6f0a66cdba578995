import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { ProviderError } from "@/server/providers/errors";
import { authorizationUrl, OAuthGrantError, refresh, revoke } from "@/server/providers/oauth";
import { getProvider } from "@/server/providers/registry";
import { withAccessToken } from "@/server/services/oauth/tokens";
import { connectXero, oauthControl, userinfo } from "../../helpers/oauth-client";
import {
  auditActions,
  expireAccessToken,
  oauthOwner,
  refreshAttempts,
  storedIntegration,
} from "../../helpers/oauth-fixtures";
import { unique } from "../../helpers/world";

const xero = getProvider("xero");

describe("OAuth token refresh", () => {
  let owner = { userId: "", tenantId: "" };
  beforeAll(async () => {
    owner = await oauthOwner("oauth-refresh");
  });
  const connect = async () => {
    const integration = await connectXero({ ...owner, name: unique("Xero") });
    return { integration, ref: { tenantId: owner.tenantId, integrationId: integration.id } };
  };
  const callProvider = async (ref: { tenantId: string; integrationId: string }) =>
    withAccessToken(await getDb(), ref, async (accessToken) => (await userinfo(accessToken)).sub);
  const tokenRequests = async () => (await oauthControl("stats")).tokenRequests;

  it("refreshes an expiring token once, rotates it and stores the newest refresh token", async () => {
    const { ref } = await connect();
    const before = await expireAccessToken(ref.integrationId);
    const start = await tokenRequests();
    expect(await callProvider(ref)).toBe("test-user");
    expect(await callProvider(ref)).toBe("test-user");
    expect((await tokenRequests()) - start).toBe(1);
    const { tokenSet } = await storedIntegration(ref.integrationId);
    expect(tokenSet.refreshToken).not.toBe(before.refreshToken);
    expect(tokenSet.accessToken).not.toBe(before.accessToken);
    // The old refresh token is burnt; the stored one is the live one (using it rotates again).
    expect(await refresh(xero, tokenSet.refreshToken ?? "")).toMatchObject({
      access_token: expect.any(String),
    });
    expect(await refreshAttempts(ref.tenantId, ref.integrationId)).toEqual([
      { outcome: "ok", errorCode: null },
    ]);
  });

  it("marks the integration 'needs reconnect' when an old refresh token is reused", async () => {
    const { ref } = await connect();
    const original = await expireAccessToken(ref.integrationId);
    await callProvider(ref);
    // Someone replays the previous refresh token: the server's reuse detection revokes the whole grant.
    await expect(refresh(xero, original.refreshToken ?? "")).rejects.toBeInstanceOf(OAuthGrantError);
    await expireAccessToken(ref.integrationId);
    await expect(callProvider(ref)).rejects.toMatchObject({ name: "OAuthGrantError", code: "invalid_grant" });
    const { row } = await storedIntegration(ref.integrationId);
    expect(row).toMatchObject({ status: "error", statusReason: "needs reconnect" });
    expect(await auditActions(ref.tenantId, ref.integrationId)).toContainEqual({
      action: "integration.needs_reconnect",
      actorType: "system",
      actorLabel: "token refresh",
    });
    const start = await tokenRequests();
    await expect(callProvider(ref)).rejects.toMatchObject({ code: "needs_reconnect" });
    expect(await tokenRequests()).toBe(start); // no more calls with a dead grant
    expect((await refreshAttempts(ref.tenantId, ref.integrationId)).map((a) => a.outcome)).toEqual([
      "ok",
      "invalid_grant",
    ]);
  });

  it("retries transient 503s from the token endpoint and never breaks the integration for them", async () => {
    const { ref } = await connect();
    await expireAccessToken(ref.integrationId);
    await oauthControl("fail?count=2&status=503");
    expect(await callProvider(ref)).toBe("test-user");
    expect((await refreshAttempts(ref.tenantId, ref.integrationId)).map((a) => a.errorCode)).toEqual([
      "http_503",
      "http_503",
      null,
    ]);

    await expireAccessToken(ref.integrationId);
    await oauthControl("fail?count=3&status=503");
    const error = await callProvider(ref).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ type: "unavailable", retryable: true, status: 503 });
    expect((await storedIntegration(ref.integrationId)).row).toMatchObject({
      status: "active",
      statusReason: null,
    });
    // The provider is back: the refresh token was never consumed, so it still works.
    expect(await callProvider(ref)).toBe("test-user");
    const outcomes = (await refreshAttempts(ref.tenantId, ref.integrationId)).map((a) => a.outcome);
    expect(outcomes.filter((outcome) => outcome === "transient_error")).toHaveLength(5);
  });

  it("refreshes once and retries when the provider rejects the access token", async () => {
    const { ref } = await connect();
    const start = await tokenRequests();
    let calls = 0;
    const result = await withAccessToken(await getDb(), ref, async (accessToken) => {
      if (++calls === 1) throw new ProviderError("auth", "token revoked at the provider");
      return (await userinfo(accessToken)).sub;
    });
    expect({ result, calls, tokenRequests: (await tokenRequests()) - start }).toEqual({
      result: "test-user",
      calls: 2,
      tokenRequests: 1,
    });
  });

  it("revokes a refresh token at the provider's revocation endpoint (RFC 7009)", async () => {
    const { ref } = await connect();
    const { tokenSet } = await storedIntegration(ref.integrationId);
    expect(await revoke(xero, tokenSet.refreshToken ?? "")).toBe(true);
    await expect(refresh(xero, tokenSet.refreshToken ?? "")).rejects.toMatchObject({ code: "invalid_grant" });
  });

  it("names the missing settings when a provider's OAuth client is not configured", () => {
    const start = () =>
      authorizationUrl(getProvider("quickbooks"), {
        state: "s",
        codeChallenge: "c",
        redirectUri: "http://x",
      });
    expect(start).toThrow(
      "not set up on this server: a platform admin sets QUICKBOOKS_CLIENT_ID and QUICKBOOKS_CLIENT_SECRET",
    );
  });
});
