import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { errorBodyFromTRPC, toTRPCError } from "@/server/api/errors";

describe("error mapper", () => {
  it.each([
    ["BAD_REQUEST", 400],
    ["UNAUTHORIZED", 401],
    ["FORBIDDEN", 403],
    ["NOT_FOUND", 404],
    ["CONFLICT", 409],
    ["PAYLOAD_TOO_LARGE", 413],
    ["TOO_MANY_REQUESTS", 429],
    ["BAD_GATEWAY", 502],
  ] as const)("AppError %s becomes status %i with its message", (kind, status) => {
    const body = errorBodyFromTRPC(
      toTRPCError(new AppError(kind, "Provider said no", { details: [{ field: "x", reason: "bad" }] })),
    );
    expect(body).toEqual({
      statusCode: status,
      error: expect.any(String),
      message: "Provider said no",
      details: [{ field: "x", reason: "bad" }],
    });
  });

  it("an unexpected error is a 500 that hides its message", () => {
    const body = errorBodyFromTRPC(toTRPCError(new Error("password=hunter2 at db.ts:12")));
    expect(body).toEqual({
      statusCode: 500,
      error: "Internal Server Error",
      message: "Internal server error",
    });
  });

  it("a zod failure is a 400 with one detail per field", () => {
    const parsed = z
      .object({ name: z.string(), nested: z.object({ email: z.email() }) })
      .safeParse({ name: 1, nested: { email: "no" } });
    const body = errorBodyFromTRPC(new TRPCError({ code: "BAD_REQUEST", cause: parsed.error }));
    expect(body.statusCode).toBe(400);
    expect(body.details?.map((detail) => detail.field)).toEqual(["name", "nested.email"]);
  });
});
