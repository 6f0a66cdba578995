import pino from "pino";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { IDLE_REFRESH_MS, refreshDueTokens } from "@/server/services/oauth/background";
import { connectXero } from "../../helpers/oauth-client";
import { expireAccessToken, oauthOwner, storedIntegration } from "../../helpers/oauth-fixtures";
import { unique } from "../../helpers/world";

const log = pino({ level: "silent" });

describe("background token refresh", () => {
  let owner = { userId: "", tenantId: "" };
  beforeAll(async () => {
    owner = await oauthOwner("oauth-background");
  });

  it("refreshes tokens about to expire and leaves fresh ones alone", async () => {
    const expiring = await connectXero({ ...owner, name: unique("Xero expiring") });
    const fresh = await connectXero({ ...owner, name: unique("Xero fresh") });
    const before = await expireAccessToken(expiring.id);
    const freshBefore = (await storedIntegration(fresh.id)).tokenSet;
    const report = await refreshDueTokens(await getDb(), log);
    expect(report.refreshed).toBeGreaterThanOrEqual(1);
    expect((await storedIntegration(expiring.id)).tokenSet.refreshToken).not.toBe(before.refreshToken);
    expect((await storedIntegration(fresh.id)).tokenSet.accessToken).toBe(freshBefore.accessToken);
  });

  it("refreshes a grant left idle for a week, so its refresh token never dies unused", async () => {
    const idle = await connectXero({ ...owner, name: unique("Xero idle") });
    const before = (await storedIntegration(idle.id)).tokenSet;
    await refreshDueTokens(await getDb(), log, Date.now() + IDLE_REFRESH_MS + 60_000);
    expect((await storedIntegration(idle.id)).tokenSet.refreshToken).not.toBe(before.refreshToken);
  });
});
