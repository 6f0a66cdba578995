import { describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { revoke } from "@/server/providers/oauth";
import { getProvider } from "@/server/providers/registry";
import { refreshIfNeeded } from "@/server/services/oauth/tokens";
import { authorize, userinfo } from "../../helpers/oauth-client";
import { storedIntegration } from "../../helpers/oauth-fixtures";
import { xeroOrganisations } from "../../helpers/providers/xero-connections-server";
import { refresh as refreshPerson, signUp, unique } from "../../helpers/world";

describe("connect, lose and reconnect a Xero integration through the procedures", () => {
  it("keeps the same integration id and links after a reconnect, and revokes on disconnect", async () => {
    let owner = await signUp("oauth-reconnect");
    const tenant = await owner.caller.tenants.create({ name: "Reconnect", slug: unique("reconnect") });
    owner = await refreshPerson(owner);

    const started = await owner.caller.oauth.start({ provider: "xero" });
    const connected = await owner.caller.oauth.complete({
      provider: "xero",
      callbackUrl: await authorize(started.authorizationUrl),
    });
    expect(connected.needsOrganisation).toBe(true);
    const chosen = xeroOrganisations[1];
    if (!chosen) throw new Error("fixture organisation missing");
    await owner.caller.oauth.chooseOrganisation({
      integrationId: connected.integrationId,
      xeroTenantId: chosen.tenantId,
    });
    const active = await owner.caller.integrations.get({ integrationId: connected.integrationId });
    expect(active).toMatchObject({
      status: "active",
      externalAccountId: chosen.tenantId,
      externalAccountName: chosen.tenantName,
    });
    await owner.caller.links.link({
      entity_type: "tenant",
      entity_id: tenant.id,
      integrationId: connected.integrationId,
      purpose: "accounting_sync",
    });

    // The grant is revoked at the provider: the next refresh fails with invalid_grant.
    const { tokenSet } = await storedIntegration(connected.integrationId);
    await revoke(getProvider("xero"), tokenSet.refreshToken ?? "");
    await expect(
      refreshIfNeeded(
        await getDb(),
        { tenantId: tenant.id, integrationId: connected.integrationId },
        { force: true },
      ),
    ).rejects.toThrow();
    expect(await owner.caller.integrations.get({ integrationId: connected.integrationId })).toMatchObject({
      status: "error",
      statusReason: "needs reconnect",
    });

    const again = await owner.caller.oauth.start({
      provider: "xero",
      integrationId: connected.integrationId,
    });
    const reconnected = await owner.caller.oauth.complete({
      provider: "xero",
      callbackUrl: await authorize(again.authorizationUrl),
    });
    expect(reconnected.integrationId).toBe(connected.integrationId);
    expect(await owner.caller.integrations.get({ integrationId: connected.integrationId })).toMatchObject({
      status: "active",
      externalAccountId: chosen.tenantId,
    });
    expect(await owner.caller.links.ofIntegration({ integrationId: connected.integrationId })).toHaveLength(
      1,
    );

    const { tokenSet: current } = await storedIntegration(connected.integrationId);
    expect((await userinfo(current.accessToken)).sub).toBeTruthy();
    await owner.caller.integrations.disconnect({ integrationId: connected.integrationId });
    await expect(userinfo(current.accessToken)).rejects.toThrow(/401/);
  });
});
