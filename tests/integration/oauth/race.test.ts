import { beforeAll, describe, expect, it } from "vitest";
import { isEmbeddedDatabase } from "@/lib/env";
import { getDb } from "@/server/db/client";
import { refresh } from "@/server/providers/oauth";
import { getProvider } from "@/server/providers/registry";
import { withAccessToken } from "@/server/services/oauth/tokens";
import { spawnRaceChild } from "../../helpers/oauth-child-process";
import { connectXero, oauthControl, userinfo } from "../../helpers/oauth-client";
import {
  expireAccessToken,
  oauthOwner,
  refreshAttempts,
  storedIntegration,
} from "../../helpers/oauth-fixtures";
import { unique } from "../../helpers/world";

const PROCESSES = 2;
const CALLERS_PER_PROCESS = 10;

// Separate processes need a real PostgreSQL server: embedded PGlite allows one process per database.
describe.skipIf(isEmbeddedDatabase())("OAuth refresh across processes", () => {
  let owner = { userId: "", tenantId: "" };
  beforeAll(async () => {
    owner = await oauthOwner("oauth-race");
  });
  const tokenRequests = async () => (await oauthControl("stats")).tokenRequests;

  it("lets exactly one of 20 concurrent callers in 2 processes refresh an expired token", async () => {
    const integration = await connectXero({ ...owner, name: unique("Xero") });
    const ref = { tenantId: owner.tenantId, integrationId: integration.id };
    const original = await expireAccessToken(integration.id);
    const children = Array.from({ length: PROCESSES }, () =>
      spawnRaceChild({ ...ref, callers: CALLERS_PER_PROCESS }),
    );
    await Promise.all(children.map((child) => child.waitFor("READY")));
    // A slow token endpoint widens the window in which every caller sees the expired token.
    await oauthControl("delay?ms=300");
    const start = await tokenRequests();
    for (const child of children) child.process.stdin.write("GO\n");
    const results = await Promise.all(children.map((child) => child.result()));
    const observed = (await tokenRequests()) - start;
    await oauthControl("delay?ms=0");
    const succeeded = results.reduce((sum, result) => sum + result.succeeded, 0);
    console.log(
      `race: ${PROCESSES * CALLERS_PER_PROCESS} callers in ${PROCESSES} processes, ` +
        `${succeeded} succeeded, ${observed} token request(s) reached the token endpoint`,
    );
    expect(results.flatMap((result) => result.failures)).toEqual([]);
    expect(succeeded).toBe(PROCESSES * CALLERS_PER_PROCESS);
    expect(observed).toBe(1);
    const { tokenSet } = await storedIntegration(integration.id);
    expect(new Set(results.flatMap((result) => result.tokens))).toEqual(new Set([tokenSet.accessToken]));
    expect(tokenSet.refreshToken).not.toBe(original.refreshToken);
    // The stored refresh token is the newest: the server honours it (an older one would revoke the grant).
    await expect(refresh(getProvider("xero"), tokenSet.refreshToken ?? "")).resolves.toBeDefined();
  });

  it("rolls back a refresh killed between token reply and commit; the next call is not silent", async () => {
    const integration = await connectXero({ ...owner, name: unique("Xero") });
    const ref = { tenantId: owner.tenantId, integrationId: integration.id };
    const before = await expireAccessToken(integration.id);
    const child = spawnRaceChild({ ...ref, callers: 1, hang: true });
    await child.waitFor("READY");
    child.process.stdin.write("GO\n");
    await child.waitFor("TOKEN_RESPONSE_RECEIVED");
    const killed = new Promise((resolve) => child.process.on("exit", resolve));
    child.process.kill("SIGKILL");
    await killed;
    // Rolled back: still the old token set, no attempt recorded, integration untouched.
    const afterCrash = await storedIntegration(integration.id);
    expect(afterCrash.tokenSet).toMatchObject({
      accessToken: before.accessToken,
      refreshToken: before.refreshToken,
    });
    expect(Date.parse(afterCrash.tokenSet.expiresAt)).toBeLessThan(Date.now());
    expect(afterCrash.row).toMatchObject({ status: "active" });
    expect(await refreshAttempts(ref.tenantId, ref.integrationId)).toEqual([]);

    // The provider already rotated: the refresh token we still hold is consumed. Two honest outcomes
    // exist: a provider with a grace period for the previous token (Xero keeps it valid 30 minutes)
    // lets the next refresh succeed; one with strict reuse detection (this server, like oidc-provider
    // defaults) revokes the grant, so the integration is marked "needs reconnect" with an audit entry.
    // Never silent: no stale token is served, no error is swallowed.
    const next = await withAccessToken(await getDb(), ref, async (token) => (await userinfo(token)).sub).then(
      (sub) => ({ outcome: "refreshed", sub }),
      (error: unknown) => ({ outcome: "needs reconnect", error }),
    );
    const { row } = await storedIntegration(integration.id);
    console.log(
      `crash: after SIGKILL mid-refresh the next call ended as "${next.outcome}" (status ${row.status})`,
    );
    expect(next.outcome).toBe("needs reconnect");
    expect(next).toMatchObject({ error: { name: "OAuthGrantError", code: "invalid_grant" } });
    expect(row).toMatchObject({ status: "error", statusReason: "needs reconnect" });
  });
});
