import { getDb } from "@/server/db/client";
import { exchangeCode } from "@/server/providers/oauth";
import { getProvider } from "@/server/providers/registry";
import { consumeState, createState } from "@/server/services/oauth/state";
import { createOAuthIntegration, tokenSetFrom } from "@/server/services/oauth/tokens";
import { oauthTestClient } from "./oauth-test-client";

/** The test authorization server started by oauth-global-setup.ts. */
export const oauthIssuer = () => {
  const issuer = process.env.OAUTH_TEST_ISSUER;
  if (!issuer)
    throw new Error("OAUTH_TEST_ISSUER is unset: add tests/helpers/oauth-global-setup.ts to globalSetup");
  return issuer;
};

type ControlState = { tokenRequests: number; failNext: number[]; tokenDelayMs: number };

/** Reads or changes the test server's counters: `stats`, `reset`, `fail?count=&status=`, `delay?ms=`. */
export async function oauthControl(command: string): Promise<ControlState> {
  const response = await fetch(`${oauthIssuer()}/__test/${command}`, { method: "POST" });
  return (await response.json()) as ControlState;
}

/**
 * Plays the browser: follows the authorization URL through the test server's automatic consent
 * (or denial) with a cookie jar, and returns the URL the provider redirected back to.
 */
export async function authorize(authorizationUrl: string, decision: "approve" | "deny" = "approve") {
  const cookies = new Map<string, string>();
  let url = authorizationUrl;
  for (let hop = 0; hop < 10; hop++) {
    if (url.startsWith(oauthTestClient.redirectUri)) return url;
    const target = new URL(url, oauthIssuer());
    if (target.pathname.startsWith("/interaction/")) target.searchParams.set("decision", decision);
    const response = await fetch(target, {
      redirect: "manual",
      headers: { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join("; ") },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const separator = pair.indexOf("=");
      cookies.set(pair.slice(0, separator), pair.slice(separator + 1));
    }
    const location = response.headers.get("location");
    if (!location)
      throw new Error(`authorization stopped at ${target} with ${response.status}: ${await response.text()}`);
    url = new URL(location, target).toString();
  }
  throw new Error("too many redirects during authorization");
}

/** Calls the test server's userinfo endpoint: proves an access token is accepted. */
export async function userinfo(accessToken: string) {
  const response = await fetch(`${oauthIssuer()}/me`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  if (!response.ok) throw new Error(`userinfo answered ${response.status}`);
  return (await response.json()) as { sub: string };
}

/** The whole connect flow as the callback route will run it; returns the new Xero integration. */
export async function connectXero(input: { userId: string; tenantId: string; name: string }) {
  const db = await getDb();
  const binding = { userId: input.userId, tenantId: input.tenantId, providerId: "xero" };
  const started = await createState(db, { ...binding, redirectUri: oauthTestClient.redirectUri });
  const callbackUrl = await authorize(started.authorizationUrl);
  const consumed = await consumeState(db, new URL(callbackUrl).searchParams.get("state") ?? "", binding);
  const { tokens } = await exchangeCode(getProvider("xero"), {
    callbackUrl,
    expectedState: started.state,
    codeVerifier: consumed.codeVerifier,
    redirectUri: consumed.redirectUri,
  });
  const tokenSet = tokenSetFrom(tokens);
  return createOAuthIntegration(db, { ...input, providerId: "xero", tokenSet, createdBy: input.userId });
}
