import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  bpsToPercentString,
  decimalToMinor,
  formatMoney,
  invoiceTotals,
  lineTaxMinor,
  minorToDecimalString,
} from "@/lib/money";
import { invoiceSyncStatuses } from "@/server/db/schema";
import { pacingIntervalMs } from "@/server/ratelimit/provider-budget";
import { backoffMs } from "@/server/services/sync/push";
import { decide, isFinalSyncStatus, syncStatusOf } from "@/server/services/sync/status";

describe("money", () => {
  it("converts minor units to decimal strings and back exactly", () => {
    expect(minorToDecimalString(123450, "GBP")).toBe("1234.50");
    expect(minorToDecimalString(5, "USD")).toBe("0.05");
    expect(minorToDecimalString(-5, "USD")).toBe("-0.05");
    expect(minorToDecimalString(1500, "JPY")).toBe("1500");
    expect(minorToDecimalString(1234, "KWD")).toBe("1.234");
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.constantFrom("GBP", "JPY", "KWD"),
        (amount, currency) => {
          expect(decimalToMinor(minorToDecimalString(amount, currency), currency)).toBe(amount);
        },
      ),
    );
    expect(decimalToMinor("19.999", "GBP")).toBe(2000);
    expect(decimalToMinor(0.1 + 0.2, "GBP")).toBe(30);
    expect(() => decimalToMinor("12,50", "GBP")).toThrow();
  });

  it("rounds tax half-up per line and adds up in integers", () => {
    expect(lineTaxMinor({ quantity: 1, unitAmountMinor: 1, taxRateBps: 5000 })).toBe(1);
    expect(lineTaxMinor({ quantity: 3, unitAmountMinor: 1234, taxRateBps: 2000 })).toBe(740);
    expect(invoiceTotals([{ quantity: 3, unitAmountMinor: 1234, taxRateBps: 2000 }])).toEqual({
      subtotalMinor: 3702,
      taxMinor: 740,
      totalMinor: 4442,
    });
    expect(() => invoiceTotals([{ quantity: 1_000_000, unitAmountMinor: 1e11, taxRateBps: 0 }])).toThrow(
      RangeError,
    );
  });

  it("prints rates and amounts for people", () => {
    expect(bpsToPercentString(2000)).toBe("20");
    expect(bpsToPercentString(1250)).toBe("12.5");
    expect(bpsToPercentString(0)).toBe("0");
    expect(formatMoney(123456, "GBP")).toBe("£1,234.56");
    expect(formatMoney(1500, "JPY")).toBe("¥1,500");
  });
});

describe("invoice sync state machine", () => {
  it("never leaves a final state and never goes down in rank", () => {
    for (const current of invoiceSyncStatuses) {
      for (const next of invoiceSyncStatuses) {
        const decision = decide(current, next);
        if (current === next) expect(decision).toBe("refresh");
        else if (isFinalSyncStatus(current)) expect(decision).toBe("ignore");
      }
    }
    expect(decide("paid", "synced")).toBe("ignore"); // a late invoice.finalized after invoice.paid
    expect(decide("synced", "paid")).toBe("apply");
    expect(decide("overdue", "synced")).toBe("ignore");
    expect(decide("uncollectible", "paid")).toBe("apply");
    expect(decide("failed", "pending")).toBe("apply");
    expect(decide("pending", "failed")).toBe("apply");
    expect(decide("failed", "paid")).toBe("apply");
    expect(syncStatusOf("open")).toBe("synced");
    expect(syncStatusOf("draft")).toBe("synced");
  });

  it("any order of the same updates ends in the same state", () => {
    const apply = (
      start: (typeof invoiceSyncStatuses)[number],
      updates: (typeof invoiceSyncStatuses)[number][],
    ) => updates.reduce((state, next) => (decide(state, next) === "apply" ? next : state), start);
    const providerStatuses = ["synced", "overdue", "paid"] as const;
    fc.assert(
      fc.property(fc.shuffledSubarray([...providerStatuses], { minLength: 1 }), (updates) => {
        const forward = apply("synced", [...updates]);
        const backward = apply("synced", [...updates].reverse());
        expect(forward).toBe(backward);
      }),
    );
  });
});

describe("retry and pacing", () => {
  it("backs off exponentially with full jitter", () => {
    expect(backoffMs(1, () => 1)).toBe(5000);
    expect(backoffMs(3, () => 1)).toBe(20000);
    expect(backoffMs(30, () => 1)).toBe(3_600_000);
    expect(backoffMs(2, () => 0)).toBe(50);
  });

  it("paces calls under the published limit, with room for jitter on short windows", () => {
    expect(pacingIntervalMs({ requests: 60, perSeconds: 60 })).toBeCloseTo(1000 / 0.95, 5);
    expect(pacingIntervalMs({ requests: 25, perSeconds: 1 })).toBe(50);
    for (const limit of [
      { requests: 25, perSeconds: 1 },
      { requests: 60, perSeconds: 60 },
      { requests: 500, perSeconds: 60 },
    ]) {
      const perWindow = (limit.perSeconds * 1000) / pacingIntervalMs(limit);
      expect(perWindow).toBeLessThan(limit.requests);
      expect(perWindow).toBeGreaterThanOrEqual(limit.requests * 0.8);
    }
  });
});

describe("limits that keep money exact", () => {
  it("refuses a line whose net amount would make tax inexact, and a year-zero date", async () => {
    const { createInvoiceInput, MAX_LINE_NET_MINOR } = await import("@/lib/schemas/invoice");
    const base = {
      customerId: "7d3c2a4e-5b6f-4a1b-9c8d-0e1f2a3b4c5d",
      currency: "GBP",
      dueDate: "2099-01-31",
    };
    const line = (quantity: number, unitAmountMinor: number) => ({
      description: "Work",
      quantity,
      unitAmountMinor,
      taxRateBps: 2000,
    });
    expect(createInvoiceInput.safeParse({ ...base, lines: [line(9, MAX_LINE_NET_MINOR / 9)] }).success).toBe(
      true,
    );
    const tooLarge = createInvoiceInput.safeParse({ ...base, lines: [line(10, MAX_LINE_NET_MINOR / 9)] });
    expect(tooLarge.success).toBe(false);
    expect(tooLarge.error?.issues[0]?.path).toEqual(["lines", 0, "unitAmountMinor"]);
    const yearZero = createInvoiceInput.safeParse({ ...base, dueDate: "0000-01-31", lines: [line(1, 100)] });
    expect(yearZero.error?.issues[0]?.message).toBe("Use a date from 1900 on");
  });

  it("computes tax exactly at the largest allowed line", async () => {
    const { MAX_LINE_NET_MINOR } = await import("@/lib/schemas/invoice");
    // 9e11 × 1999 bps: exact integer arithmetic gives 179,910,000,000 (x.5 rounds up).
    expect(lineTaxMinor({ quantity: 1, unitAmountMinor: MAX_LINE_NET_MINOR, taxRateBps: 1999 })).toBe(
      179_910_000_000,
    );
    expect(lineTaxMinor({ quantity: 1, unitAmountMinor: 900_000_000_005, taxRateBps: 5000 })).toBe(
      450_000_000_003,
    );
    // Beyond 2^53 (lines from before the cap) the half-up rounding is still exact.
    expect(lineTaxMinor({ quantity: 3, unitAmountMinor: 333_333_333_333_333, taxRateBps: 1999 })).toBe(
      199_900_000_000_000,
    );
    expect(lineTaxMinor({ quantity: 7, unitAmountMinor: 100_000_000_000_003, taxRateBps: 100 })).toBe(
      7_000_000_000_000,
    );
  });
});
