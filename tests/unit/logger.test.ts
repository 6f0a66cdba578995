import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, REDACTED, redactSecrets } from "@/server/logger";

describe("log redaction", () => {
  it("replaces secret-looking keys at any depth and keeps the rest", () => {
    const redacted = redactSecrets({
      headers: { authorization: "Bearer abc", Cookie: "session=1", "x-request-id": "r1" },
      user: { email: "a@b.example", password: "hunter2" },
      integration: { credentials: { secretKey: "sk_test_123" }, settings: [{ apiKey: "k", name: "n" }] },
      oauth: { access_token: "t", refreshToken: "r", private_key: "p" },
    });
    expect(redacted).toEqual({
      headers: { authorization: REDACTED, Cookie: REDACTED, "x-request-id": "r1" },
      user: { email: "a@b.example", password: REDACTED },
      integration: { credentials: REDACTED, settings: [{ apiKey: REDACTED, name: "n" }] },
      oauth: { access_token: REDACTED, refreshToken: REDACTED, private_key: REDACTED },
    });
  });

  it("drops the parameters that database errors quote", () => {
    const error = new Error(
      'Failed query: insert into "integrations" ("credentials") values ($1)\nparams: pbv1:k:secret-ciphertext',
    );
    expect(JSON.stringify(redactSecrets({ err: error }))).not.toContain("secret-ciphertext");
  });

  it("survives cycles and errors", () => {
    const cyclic: Record<string, unknown> = { name: "loop" };
    cyclic.self = cyclic;
    expect(redactSecrets(cyclic)).toEqual({ name: "loop", self: "[circular]" });
    expect(redactSecrets(new Error("boom"))).toMatchObject({ type: "Error", message: "boom" });
  });

  it("never writes a secret value to the log stream", async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const log = createLogger(sink);
    log.level = "info";
    log.info(
      { request: { headers: { authorization: "Bearer s3cr3t-value" } }, body: { token: "tok-value" } },
      "incoming",
    );
    await new Promise((resolve) => setImmediate(resolve));
    const output = lines.join("");
    expect(output).toContain("incoming");
    expect(output).not.toContain("s3cr3t-value");
    expect(output).not.toContain("tok-value");
  });
});
