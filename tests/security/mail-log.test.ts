import { afterEach, describe, expect, it, vi } from "vitest";
import { env } from "@/lib/env";
import { logger } from "@/server/logger";
import { createTransport } from "@/server/mail/transport";

describe("mail without SMTP_URL in production", () => {
  afterEach(() => vi.restoreAllMocks());

  it("writes no sign-in link or token to the log", async () => {
    expect(env.NODE_ENV).toBe("production");
    const lines: unknown[] = [];
    for (const level of ["fatal", "error", "warn", "info", "debug", "trace"] as const)
      vi.spyOn(logger, level).mockImplementation((...args: unknown[]) => {
        lines.push(args);
      });
    const token = "mlk_0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    const link = `https://billing.example.com/api/auth/magic-link/verify?token=${token}`;
    // As a deployment that never set SMTP_URL builds it (an empty value counts as unset).
    const transport = createTransport("");
    expect(transport.kind).toBe("log");
    await transport.send({
      to: "billing@northwind.example",
      subject: "Your sign-in link",
      text: `Sign in to see your invoices: ${link}`,
      html: `<a href="${link}">Sign in</a>`,
    });
    const logged = JSON.stringify(lines);
    // It is recorded that a mail was not sent, and to whom; the link and its token are not.
    expect(logged).toContain("billing@northwind.example");
    expect(logged).not.toContain(token);
    expect(logged).not.toContain("magic-link");
  });
});
