import { PDFDocument, PDFString, StandardFonts } from "pdf-lib";
import { formatDate } from "@/lib/dates";
import { bpsToPercentString, formatMoney } from "@/lib/money";
import { drawHeader } from "./pdf-header";
import {
  AMOUNT_RIGHT,
  AMOUNT_WIDTH,
  CONTENT_WIDTH,
  DESCRIPTION_WIDTH,
  FOOTER_Y,
  INK,
  LEFT,
  MUTED,
  QTY_RIGHT,
  QTY_WIDTH,
  RIGHT,
  ROW_CAPACITY,
  ROW_PADDING,
  RULE,
  Sheet,
  STATUS_COLORS,
  TABLE_HEADER_HEIGHT,
  TABLE_LINE,
  TABLE_SIZE,
  TAX_RIGHT,
  TAX_WIDTH,
  UNIT_RIGHT,
  UNIT_WIDTH,
} from "./pdf-layout";
import { fitText, linkableUrl, splitParagraphs, winAnsiSanitizer, wrap } from "./pdf-text";
/** A PNG or JPEG logo as stored for the tenant. */
export type PdfLogo = { bytes: Uint8Array; type: "image/png" | "image/jpeg" };

/** Everything printed on an invoice PDF; amounts are integer minor units of `currency`. */
export type InvoicePdfInput = {
  tenantName: string;
  /** e.g. INV-2026-0001 */
  number: string;
  /** draft | open | paid | void | uncollectible, or "overdue" */
  status: string;
  /** ISO 4217 */
  currency: string;
  /** YYYY-MM-DD */
  issueDate: string;
  /** YYYY-MM-DD */
  dueDate: string;
  memo: string | null;
  customer: { name: string; email: string; billingAddress: string | null };
  lines: {
    description: string;
    quantity: number;
    unitAmountMinor: number;
    taxRateBps: number;
    netMinor: number;
    taxMinor: number;
  }[];
  subtotalMinor: number;
  taxMinor: number;
  totalMinor: number;
  paidAt: Date | null;
  /** The supplier (the tenant): printed under its name, as a VAT invoice requires. */
  supplier?: { businessAddress: string | null; taxNumber: string | null; logo: PdfLogo | null };
  provider: { name: string; externalId: string | null; hostedUrl: string | null } | null;
};

/**
 * Renders an invoice as an A4 PDF with the standard Helvetica fonts: header, bill-to, line items
 * (wrapped, paginated with the table header repeated), totals, memo, payment and provider details,
 * and "Page n of N" footers. Text the fonts cannot encode is replaced, never thrown on.
 */
export async function renderInvoicePdf(input: InvoicePdfInput): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const clean = winAnsiSanitizer(regular);
  const title = `Invoice ${input.number}`;

  doc.setTitle(title, { showInWindowTitleBar: true });
  doc.setAuthor(input.tenantName);
  doc.setCreator("Plugboard");
  doc.setProducer("Plugboard");
  doc.setSubject(`${title} for ${input.customer.name}`);
  doc.setLanguage("en");

  /** formatMoney, with currency symbols WinAnsi lacks (₹, ₩, …) written as the ISO code. */
  const money = (amountMinor: number) =>
    clean(
      formatMoney(amountMinor, input.currency).replace(/\p{Sc}/gu, (symbol) =>
        clean(symbol) === symbol ? symbol : `${input.currency.toUpperCase()}\u00a0`,
      ),
    );

  const continuedSuffix = clean(` · ${title} (continued)`);
  const continuedTenant = fitText(
    clean(input.tenantName),
    regular,
    9,
    CONTENT_WIDTH - regular.widthOfTextAtSize(continuedSuffix, 9),
    9,
  );
  const sheet = new Sheet(doc, { regular, bold }, clean, `${continuedTenant.text}${continuedSuffix}`);

  await drawHeader(doc, sheet, { regular, bold }, input);

  // Bill-to block.
  sheet.text("Bill to", LEFT, sheet.y, { font: bold, size: 9, color: MUTED });
  sheet.y -= 15;
  sheet.paragraph(input.customer.name, { font: bold, size: 11 }, 15, LEFT, CONTENT_WIDTH * 0.6);
  sheet.paragraph(input.customer.email, { font: regular, size: 10 }, 14, LEFT, CONTENT_WIDTH * 0.6);
  if (input.customer.billingAddress) {
    sheet.paragraph(input.customer.billingAddress, { font: regular, size: 10, color: MUTED }, 14, LEFT, 280);
  }
  sheet.y -= 16;

  // Line items: a row stays on one page when it fits on one; taller rows continue line by line.
  const cell = { font: regular, size: TABLE_SIZE };
  const rows = input.lines.map((line) => {
    const description = splitParagraphs(line.description).flatMap((part) =>
      wrap(clean(part), regular, TABLE_SIZE, DESCRIPTION_WIDTH - 4),
    );
    const height = description.length * TABLE_LINE + 2 * ROW_PADDING;
    return { line, description, need: height <= ROW_CAPACITY ? height : 3 * TABLE_LINE + 2 * ROW_PADDING };
  });
  sheet.ensure(TABLE_HEADER_HEIGHT + (rows[0]?.need ?? TABLE_LINE + 2 * ROW_PADDING));
  sheet.tableHeader();
  sheet.repeatTableHeader = true;
  if (rows.length === 0) {
    sheet.y -= ROW_PADDING + TABLE_SIZE;
    sheet.text("No line items", LEFT + 4, sheet.y, { ...cell, color: MUTED });
    sheet.y -= ROW_PADDING + 3;
    sheet.rule(sheet.y);
  }
  for (const { line, description, need } of rows) {
    sheet.ensure(need);
    sheet.y -= ROW_PADDING + TABLE_SIZE - 2;
    description.forEach((text, index) => {
      if (index > 0) {
        sheet.y -= TABLE_LINE;
        if (sheet.ensure(0)) sheet.y -= ROW_PADDING + TABLE_SIZE - 2;
      }
      sheet.text(text, LEFT + 4, sheet.y, cell);
      if (index === 0) {
        const quantity = new Intl.NumberFormat("en-US").format(line.quantity);
        sheet.textRightFit(quantity, QTY_RIGHT, sheet.y, cell, QTY_WIDTH);
        sheet.textRightFit(money(line.unitAmountMinor), UNIT_RIGHT, sheet.y, cell, UNIT_WIDTH);
        sheet.textRightFit(`${bpsToPercentString(line.taxRateBps)}%`, TAX_RIGHT, sheet.y, cell, TAX_WIDTH);
        sheet.textRightFit(money(line.netMinor), AMOUNT_RIGHT - 4, sheet.y, cell, AMOUNT_WIDTH - 4);
      }
    });
    sheet.y -= ROW_PADDING + 3;
    sheet.rule(sheet.y);
  }
  sheet.repeatTableHeader = false;

  // Totals, kept together on the last page.
  const taxRates = new Set(input.lines.map((line) => line.taxRateBps).filter((bps) => bps !== 0));
  const [onlyRate] = taxRates;
  const taxLabel =
    taxRates.size === 1 && onlyRate !== undefined ? `Tax (${bpsToPercentString(onlyRate)}%)` : "Tax";
  const labelRight = AMOUNT_RIGHT - 120;
  const valueWidth = 115;
  sheet.y -= 8;
  sheet.ensure(18 * 3 + 10);
  sheet.y -= 10;
  sheet.textRight("Subtotal", labelRight, sheet.y, { font: regular, size: 10, color: MUTED });
  sheet.textRightFit(
    money(input.subtotalMinor),
    AMOUNT_RIGHT - 4,
    sheet.y,
    { font: regular, size: 10 },
    valueWidth,
  );
  sheet.y -= 16;
  sheet.textRight(taxLabel, labelRight, sheet.y, { font: regular, size: 10, color: MUTED });
  sheet.textRightFit(
    money(input.taxMinor),
    AMOUNT_RIGHT - 4,
    sheet.y,
    { font: regular, size: 10 },
    valueWidth,
  );
  sheet.y -= 10;
  sheet.rule(sheet.y, labelRight - 80, RIGHT, INK, 0.75);
  sheet.y -= 16;
  sheet.textRight(`Total (${input.currency.toUpperCase()})`, labelRight, sheet.y, { font: bold, size: 12 });
  sheet.textRightFit(
    money(input.totalMinor),
    AMOUNT_RIGHT - 4,
    sheet.y,
    { font: bold, size: 12 },
    valueWidth,
  );
  sheet.y -= 28;

  if (input.paidAt) {
    sheet.ensure(16);
    sheet.text(`Paid on ${formatDate(input.paidAt)}`, LEFT, sheet.y, {
      font: bold,
      size: 10,
      color: STATUS_COLORS.paid,
    });
    sheet.y -= 22;
  }

  if (input.memo?.trim()) {
    sheet.ensure(16 + 14);
    sheet.text("Notes", LEFT, sheet.y, { font: bold, size: 10, color: MUTED });
    sheet.y -= 15;
    sheet.paragraph(input.memo.trim(), { font: regular, size: 10 }, 14);
    sheet.y -= 8;
  }

  if (input.provider) {
    const { name, externalId, hostedUrl } = input.provider;
    const parts = [externalId ? `${name} reference ${externalId}` : `Issued via ${name}`];
    if (hostedUrl) parts.push(`pay online: ${hostedUrl}`);
    const boxes = sheet.paragraph(parts.join(" · "), { font: regular, size: 9, color: MUTED }, 13);
    const url = hostedUrl ? linkableUrl(hostedUrl) : null;
    if (url) {
      for (const box of boxes) {
        const link = doc.context.register(
          doc.context.obj({
            Type: "Annot",
            Subtype: "Link",
            Rect: [box.x, box.y, box.x + box.width, box.y + box.height],
            Border: [0, 0, 0],
            A: { Type: "Action", S: "URI", URI: PDFString.of(url) },
          }),
        );
        box.page.node.addAnnot(link);
      }
    }
  }

  // Footers, once the page count is known.
  const pages = doc.getPages();
  const footer = { font: regular, size: 8, color: MUTED };
  pages.forEach((page, index) => {
    const label = `Page ${index + 1} of ${pages.length}`;
    page.drawText(label, {
      ...footer,
      x: RIGHT - regular.widthOfTextAtSize(label, footer.size),
      y: FOOTER_Y,
    });
    const left = fitText(clean(`${input.tenantName} · ${title}`), regular, footer.size, CONTENT_WIDTH - 100);
    page.drawText(left.text, { ...footer, size: left.size, x: LEFT, y: FOOTER_Y });
    page.drawLine({
      start: { x: LEFT, y: FOOTER_Y + 12 },
      end: { x: RIGHT, y: FOOTER_Y + 12 },
      thickness: 0.5,
      color: RULE,
    });
  });

  return doc.save();
}
