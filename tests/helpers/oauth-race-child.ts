// Spawned by tests/integration/oauth/race.test.ts with `node --import tsx`: runs N concurrent
// withAccessToken calls against one integration from this separate process, on the test database.
// Test hook (never in production code): with OAUTH_CHILD_HANG_AFTER_TOKEN=1 the process stops for
// good right after the token endpoint's reply arrived, before the refresh transaction can commit.
import { createInterface } from "node:readline";
import { closeDatabase, getDb } from "@/server/db/client";
import { withAccessToken } from "@/server/services/oauth/tokens";
import { userinfo } from "./oauth-client";

function hangAfterTokenResponses() {
  const original = globalThis.fetch;
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const response = await original(input, init);
    const url = input instanceof Request ? input.url : String(input);
    if (!url.endsWith("/token")) return response;
    await response.clone().text(); // the whole reply is in: the provider has rotated the refresh token
    console.log("TOKEN_RESPONSE_RECEIVED");
    return new Promise<Response>(() => {});
  };
}

async function main() {
  const [tenantId = "", integrationId = "", count = "10"] = process.argv.slice(2);
  if (process.env.OAUTH_CHILD_HANG_AFTER_TOKEN === "1") hangAfterTokenResponses();
  const db = await getDb();
  const lines = createInterface({ input: process.stdin });
  console.log("READY");
  // Both processes start their callers together on the parent's GO.
  for await (const line of lines) if (line.trim() === "GO") break;
  const results = await Promise.allSettled(
    Array.from({ length: Number(count) }, () =>
      withAccessToken(db, { tenantId, integrationId }, async (accessToken) => {
        await userinfo(accessToken);
        return accessToken;
      }),
    ),
  );
  const succeeded = results.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
  const failures = results.flatMap((result) => (result.status === "rejected" ? [String(result.reason)] : []));
  console.log(
    `RESULT ${JSON.stringify({ succeeded: succeeded.length, failures, tokens: [...new Set(succeeded)] })}`,
  );
  lines.close();
  await closeDatabase();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
