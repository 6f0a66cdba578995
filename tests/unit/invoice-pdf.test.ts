import { PDFDocument } from "pdf-lib";
import { extractLinks, extractText, getDocumentProxy } from "unpdf";
import { describe, expect, it } from "vitest";
import { invoiceTotals, type LineAmounts, lineNetMinor, lineTaxMinor } from "@/lib/money";
import { type InvoicePdfInput, renderInvoicePdf } from "@/server/services/invoices/pdf";

type Line = InvoicePdfInput["lines"][number];

const line = (description: string, amounts: LineAmounts): Line => ({
  description,
  ...amounts,
  netMinor: lineNetMinor(amounts),
  taxMinor: lineTaxMinor(amounts),
});

/** An invoice whose totals are computed from its lines, as the service does. */
function invoice(overrides: Partial<InvoicePdfInput> & { lines: Line[] }): InvoicePdfInput {
  return {
    tenantName: "Acme Widgets Ltd",
    number: "INV-2026-0001",
    status: "open",
    currency: "GBP",
    issueDate: "2026-01-15",
    dueDate: "2026-02-14",
    memo: null,
    customer: { name: "Jane Doe", email: "jane@example.com", billingAddress: null },
    paidAt: null,
    provider: null,
    ...invoiceTotals(overrides.lines),
    ...overrides,
  };
}

const normalise = (text: string) => text.replace(/\u00a0/g, " ");

async function pagesText(bytes: Uint8Array) {
  const { text, totalPages } = await extractText(await getDocumentProxy(bytes.slice()), {
    mergePages: false,
  });
  return { pages: text.map(normalise), totalPages };
}

async function mergedText(bytes: Uint8Array) {
  const { text } = await extractText(await getDocumentProxy(bytes.slice()), { mergePages: true });
  return normalise(text);
}

const occurrences = (text: string, needle: string) => text.split(needle).length - 1;

const A4 = { width: 595.28, height: 841.89 };

describe("renderInvoicePdf", () => {
  const paid = invoice({
    status: "paid",
    memo: "Thank you for your business.\nPlease quote the invoice number with any payment.",
    customer: {
      name: "Jane Doe",
      email: "jane@example.com",
      billingAddress: "1 High Street\nLondon\nSW1A 1AA",
    },
    lines: [
      line("Website design", { quantity: 1, unitAmountMinor: 8000, taxRateBps: 2000 }),
      line("Hosting", { quantity: 1, unitAmountMinor: 1143, taxRateBps: 2000 }),
      line("Support hours", { quantity: 4, unitAmountMinor: 286, taxRateBps: 2000 }),
    ],
    paidAt: new Date("2026-01-20T10:30:00Z"),
    provider: { name: "Stripe", externalId: "in_1AbC", hostedUrl: "https://pay.example.com/i/abc" },
  });

  it("prints the header, bill-to, lines, totals, memo, payment and provider reference", async () => {
    expect(paid.totalMinor).toBe(12345);
    const bytes = await renderInvoicePdf(paid);
    expect(new TextDecoder().decode(bytes.subarray(0, 5))).toBe("%PDF-");

    const text = await mergedText(bytes);
    for (const expected of [
      "Acme Widgets Ltd",
      "Invoice INV-2026-0001",
      "Paid",
      "15 Jan 2026",
      "14 Feb 2026",
      "Bill to",
      "Jane Doe",
      "jane@example.com",
      "1 High Street",
      "London",
      "SW1A 1AA",
      "Description",
      "Qty",
      "Unit price",
      "Tax %",
      "Amount",
      "Website design",
      "Hosting",
      "Support hours",
      "£80.00",
      "£11.43",
      "£2.86",
      "£11.44",
      "20%",
      "Subtotal",
      "£102.87",
      "Tax (20%)",
      "£20.58",
      "Total (GBP)",
      "£123.45",
      "Paid on 20 Jan 2026",
      "Thank you for your business.",
      "Please quote the invoice number with any payment.",
      "Stripe reference in_1AbC · pay online: https://pay.example.com/i/abc",
      "Page 1 of 1",
    ]) {
      expect(text).toContain(expected);
    }
    expect(occurrences(text, "£123.45")).toBe(1);
  });

  it("sets A4 pages, document metadata and a link to the hosted invoice", async () => {
    const bytes = await renderInvoicePdf(paid);
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBe(1);
    const size = doc.getPage(0).getSize();
    expect(size.width).toBeCloseTo(A4.width, 1);
    expect(size.height).toBeCloseTo(A4.height, 1);
    expect(doc.getTitle()).toBe("Invoice INV-2026-0001");
    expect(doc.getAuthor()).toBe("Acme Widgets Ltd");
    expect(doc.getCreator()).toBe("Plugboard");

    const { links } = await extractLinks(await getDocumentProxy(bytes.slice()));
    expect(links).toContain("https://pay.example.com/i/abc");
  });

  it("leaves out what is absent and labels mixed tax rates plainly", async () => {
    const bytes = await renderInvoicePdf(
      invoice({
        status: "overdue",
        lines: [
          line("Standard rated", { quantity: 1, unitAmountMinor: 1000, taxRateBps: 2000 }),
          line("Reduced rated", { quantity: 1, unitAmountMinor: 1000, taxRateBps: 500 }),
          line("Zero rated", { quantity: 1, unitAmountMinor: 1000, taxRateBps: 0 }),
        ],
        provider: { name: "Xero", externalId: "c0ffee", hostedUrl: null },
      }),
    );
    const text = await mergedText(bytes);
    expect(text).toContain("Overdue");
    expect(text).toContain("5%");
    expect(text).toContain("0%");
    expect(text).toMatch(/Tax £2\.50/);
    expect(text).toContain("£32.50");
    expect(text).toContain("Xero reference c0ffee");
    expect(text).not.toContain("pay online");
    expect(text).not.toContain("Paid on");
    expect(text).not.toContain("Notes");
    expect((await extractLinks(await getDocumentProxy(bytes.slice()))).links).toEqual([]);
  });

  it("renders an invoice without lines", async () => {
    const text = await mergedText(await renderInvoicePdf(invoice({ lines: [] })));
    expect(text).toContain("No line items");
    expect(text).toContain("Total (GBP) £0.00");
  });

  it("paginates long invoices: header repeated, totals once on the last page, page numbers", async () => {
    const longDescription = `${"Extended maintenance and support coverage ".repeat(8)}${"x".repeat(150)} tail-marker`;
    const lines = Array.from({ length: 120 }, (_, index) =>
      line(index === 60 ? longDescription : `Service line ${String(index + 1).padStart(3, "0")}`, {
        quantity: index + 1,
        unitAmountMinor: 199,
        taxRateBps: 2000,
      }),
    );
    const input = invoice({ lines, memo: "Long invoice memo." });
    const bytes = await renderInvoicePdf(input);
    const { pages, totalPages } = await pagesText(bytes);
    const total = "£17,336.88";
    expect(input.totalMinor).toBe(1733688);

    expect(totalPages).toBeGreaterThan(1);
    pages.forEach((page, index) => {
      expect(page).toContain(`Page ${index + 1} of ${totalPages}`);
      expect(page).toContain("Description");
      expect(page).toContain("Unit price");
    });
    for (const page of pages.slice(1)) expect(page).toContain("Invoice INV-2026-0001 (continued)");

    const last = pages.at(-1) ?? "";
    const merged = pages.join("\n");
    for (const label of ["Subtotal", "Tax (20%)", "Total (GBP)", total, "Long invoice memo."]) {
      expect(last).toContain(label);
      expect(occurrences(merged, label)).toBe(1);
    }

    for (let index = 1; index <= 120; index++) {
      if (index === 61) continue;
      expect(occurrences(merged, `Service line ${String(index).padStart(3, "0")}`)).toBe(1);
    }
    expect(merged).toContain("tail-marker");
    expect(occurrences(merged, "Extended maintenance and support coverage")).toBe(8);

    // Every glyph run stays inside the page margins and clear of the footer band.
    const pdf = await getDocumentProxy(bytes.slice());
    for (let number = 1; number <= pdf.numPages; number++) {
      const content = await (await pdf.getPage(number)).getTextContent();
      for (const item of content.items) {
        if (!("str" in item) || !item.str.trim()) continue;
        const [, , , , x = 0, y = 0] = item.transform as number[];
        expect(x).toBeGreaterThanOrEqual(49);
        expect(x + item.width).toBeLessThanOrEqual(A4.width - 45);
        if (y < 60) expect(item.str).toMatch(/^Page \d+ of \d+$|Acme Widgets Ltd/);
        else expect(y).toBeLessThan(A4.height - 45);
        // Description cells (left column) never run into the quantity column.
        if (x < 60 && y > 60 && y < 780 && !item.str.includes("(continued)")) {
          expect(x + item.width).toBeLessThan(300);
        }
      }
    }
  });

  it("replaces characters outside WinAnsi instead of throwing, keeping Unicode metadata", async () => {
    const tenantName = "Café Zürich 🚀 東京 → Łódź";
    const bytes = await renderInvoicePdf(
      invoice({
        tenantName,
        customer: {
          name: "山田 太郎 👋",
          email: "taro@example.jp",
          billingAddress: "東京都千代田区\n100-0001",
        },
        lines: [
          line("Setup ✨ fee → phase 2 — “quoted” ½", { quantity: 1, unitAmountMinor: 5000, taxRateBps: 0 }),
        ],
        memo: "Merci ❤️ 👨‍👩‍👧 ＡＢＣ",
      }),
    );
    const text = await mergedText(bytes);
    expect(text).toContain("Café Zürich ? ?? -> Lódz");
    expect(text).toContain("?? ?? ?");
    expect(text).toContain("???????");
    expect(text).toContain("100-0001");
    expect(text).toContain("Setup ? fee -> phase 2 — “quoted” ½");
    // One replacement per user-perceived character; full-width letters fold to ASCII.
    expect(text).toContain("Merci ? ? ABC");

    const doc = await PDFDocument.load(bytes);
    expect(doc.getAuthor()).toBe(tenantName);

    // Line breaks in one-line fields become spaces; tabs too; other control characters are dropped.
    const controls = await mergedText(
      await renderInvoicePdf(
        invoice({
          tenantName: "Acme\r\nWidgets",
          lines: [line("Tab\there\u0007 bell", { quantity: 1, unitAmountMinor: 100, taxRateBps: 0 })],
        }),
      ),
    );
    expect(controls).toContain("Acme Widgets · Invoice INV-2026-0001");
    expect(controls).toContain("Tab here bell");
    expect(controls).not.toContain("?");
  });

  it("prints zero-decimal currencies without decimals", async () => {
    const text = await mergedText(
      await renderInvoicePdf(
        invoice({
          currency: "JPY",
          lines: [line("Consulting", { quantity: 12, unitAmountMinor: 10288, taxRateBps: 1000 })],
        }),
      ),
    );
    expect(text).toContain("¥10,288");
    expect(text).toContain("¥123,456");
    expect(text).toContain("¥12,346");
    expect(text).toContain("¥135,802");
    expect(text).toContain("Total (JPY)");
    expect(text).not.toMatch(/¥[\d,]+\.\d/);
  });

  it("writes currency symbols the standard fonts lack as the ISO code", async () => {
    const text = await mergedText(
      await renderInvoicePdf(
        invoice({
          currency: "INR",
          lines: [line("Consulting", { quantity: 1, unitAmountMinor: 123450, taxRateBps: 1800 })],
        }),
      ),
    );
    expect(text).toContain("INR 1,234.50");
    expect(text).toContain("INR 1,456.71");
    expect(text).not.toContain("₹");
  });
});
