import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { integrations } from "@/server/db/schema";
import { keyIdOf, open, seal } from "@/server/vault/envelope";
import { keyRing } from "@/server/vault/keyring";
import { credentialsPurpose, webhookSecretPurpose } from "@/server/vault/purposes";
import { rotateAll } from "@/server/vault/rotate";
import { signUp, unique } from "../helpers/world";

const ROWS = 10_000;

describe("online key rotation", () => {
  let tenantId = "";
  beforeAll(async () => {
    const owner = await signUp("rotation-owner");
    tenantId = (await owner.caller.tenants.create({ name: "Rotation", slug: unique("rotation") })).id;
  });

  it(`re-encrypts ${ROWS.toLocaleString()} rows under the current key with no failures`, async () => {
    const db = await getDb();
    const current = keyRing();
    const old = { ...current, currentId: "old" };
    const rows = Array.from({ length: ROWS }, (_, index) => {
      const id = randomUUID();
      return {
        id,
        tenantId,
        providerId: "stripe",
        name: `Rotation ${index}`,
        status: "active" as const,
        credentials: seal(
          JSON.stringify({ secretKey: `sk_test_rotation_${index}` }),
          { tenantId, rowId: id, purpose: credentialsPurpose },
          old,
        ),
        webhookSecret: seal(
          `whsec_rotation_${index}`,
          { tenantId, rowId: id, purpose: webhookSecretPurpose },
          old,
        ),
      };
    });
    for (let start = 0; start < rows.length; start += 1000)
      await db.insert(integrations).values(rows.slice(start, start + 1000));

    const report = await rotateAll(db, { batchSize: 500 });
    expect(report.failed).toBe(0);
    expect(report.remaining).toBe(0);
    expect(report.rotated).toBeGreaterThanOrEqual(ROWS * 2);
    console.log(
      `rotation: ${report.rotated} values in ${report.durationMs} ms (${Math.round(report.rotated / (report.durationMs / 1000))}/s)`,
    );

    const stored = await db
      .select({ id: integrations.id, credentials: integrations.credentials })
      .from(integrations)
      .where(sql`${integrations.tenantId} = ${tenantId}`);
    expect(stored.filter((row) => row.credentials && keyIdOf(row.credentials) !== current.currentId)).toEqual(
      [],
    );
    const sample = stored[ROWS / 2];
    if (!sample?.credentials) throw new Error("sample row missing");
    expect(open(sample.credentials, { tenantId, rowId: sample.id, purpose: credentialsPurpose })).toMatch(
      /sk_test_rotation_/,
    );

    const again = await rotateAll(db);
    expect(again).toMatchObject({ rotated: 0, failed: 0, remaining: 0 });
  }, 120_000);
});
