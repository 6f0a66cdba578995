import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatTime } from "@/lib/dates";
import { paymentLineOf } from "@/lib/sync-status";

describe("one date format per locale", () => {
  it("writes a day as '6 Dec 2026' whatever the input and the time zone", () => {
    expect(formatDate("2026-12-06")).toBe("6 Dec 2026");
    expect(formatDate(new Date("2026-12-06T23:30:00Z"))).toBe("6 Dec 2026");
    expect(formatDate("2026-12-06T00:10:00+02:00")).toBe("5 Dec 2026");
    expect(formatDate("2026-12-06", "en-US")).toBe("Dec 6, 2026");
  });

  it("writes a moment with its time in UTC, said so", () => {
    expect(formatDateTime(new Date("2026-12-06T14:05:09Z"))).toBe("6 Dec 2026, 14:05 UTC");
    expect(formatTime("2026-12-06T09:07:00Z")).toBe("09:07 UTC");
  });

  it("leaves what is not a date as it was", () => {
    expect(formatDate("soon")).toBe("soon");
  });
});

describe("the customer's payment line", () => {
  it("says when and how, in the customer's words", () => {
    expect(
      paymentLineOf({ paidAt: "2026-12-06T10:00:00Z", paymentMethod: "card", providerName: "Stripe" }),
    ).toBe("Paid on 6 Dec 2026 by card");
    expect(
      paymentLineOf({ paidAt: "2026-12-06T10:00:00Z", paymentMethod: "bank_transfer", providerName: null }),
    ).toBe("Paid on 6 Dec 2026 by bank transfer");
    expect(
      paymentLineOf({ paidAt: "2026-12-06T10:00:00Z", paymentMethod: "stripe", providerName: "Stripe" }),
    ).toBe("Paid on 6 Dec 2026 online through Stripe");
    expect(paymentLineOf({ paidAt: "2026-12-06T10:00:00Z", paymentMethod: null, providerName: null })).toBe(
      "Paid on 6 Dec 2026",
    );
  });
});
