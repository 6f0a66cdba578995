import { type Color, PDFDocument, type PDFFont, type PDFPage, PDFString, rgb, StandardFonts } from "pdf-lib";
import { bpsToPercentString, formatMoney } from "@/lib/money";

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
  provider: { name: string; externalId: string | null; hostedUrl: string | null } | null;
};

// A4 in points.
const PAGE_WIDTH = 595.28;
const PAGE_HEIGHT = 841.89;
const MARGIN_X = 50;
const CONTENT_TOP = PAGE_HEIGHT - 50;
/** Lowest baseline content may use; the footer sits below it. */
const CONTENT_BOTTOM = 72;
const FOOTER_Y = 36;
const LEFT = MARGIN_X;
const RIGHT = PAGE_WIDTH - MARGIN_X;
const CONTENT_WIDTH = RIGHT - LEFT;

const INK = rgb(0.11, 0.12, 0.14);
const MUTED = rgb(0.42, 0.45, 0.5);
const RULE = rgb(0.85, 0.87, 0.9);
const HEADER_FILL = rgb(0.95, 0.96, 0.97);
const STATUS_COLORS: Record<string, Color> = {
  paid: rgb(0.06, 0.5, 0.25),
  overdue: rgb(0.75, 0.12, 0.12),
  uncollectible: rgb(0.75, 0.12, 0.12),
  void: MUTED,
  draft: MUTED,
};

// Table: right edges of the numeric columns, and the description's width.
const COLUMN_GAP = 8;
const AMOUNT_WIDTH = 85;
const TAX_WIDTH = 40;
const UNIT_WIDTH = 80;
const QTY_WIDTH = 35;
const AMOUNT_RIGHT = RIGHT;
const TAX_RIGHT = AMOUNT_RIGHT - AMOUNT_WIDTH - COLUMN_GAP;
const UNIT_RIGHT = TAX_RIGHT - TAX_WIDTH - COLUMN_GAP;
const QTY_RIGHT = UNIT_RIGHT - UNIT_WIDTH - COLUMN_GAP;
const DESCRIPTION_WIDTH = QTY_RIGHT - QTY_WIDTH - COLUMN_GAP - LEFT;
const TABLE_SIZE = 9;
const TABLE_LINE = 12;
const ROW_PADDING = 5;
const TABLE_HEADER_HEIGHT = 20;
/** Space below the continuation title and table header on a new page. */
const CONTINUATION_HEIGHT = 24;
const ROW_CAPACITY = CONTENT_TOP - CONTINUATION_HEIGHT - TABLE_HEADER_HEIGHT - CONTENT_BOTTOM;
/** The tenant's name takes at most this many lines in the header. */
const MAX_NAME_LINES = 3;

/** Readable stand-ins for common characters the standard fonts (WinAnsi) cannot encode. */
const FALLBACKS: Record<string, string> = {
  "→": "->",
  "←": "<-",
  "↔": "<->",
  "⇒": "=>",
  "−": "-",
  "‐": "-",
  "‑": "-",
  "‒": "-",
  "―": "-",
  "≤": "<=",
  "≥": ">=",
  "≠": "!=",
  "′": "'",
  "″": '"',
  Ł: "L",
  ł: "l",
  Đ: "D",
  đ: "d",
  Ħ: "H",
  ħ: "h",
  ı: "i",
  "\u2002": " ",
  "\u2003": " ",
  "\u2007": " ",
  "\u2009": " ",
  "\u202f": " ",
  "\u2028": " ",
  "\u2029": " ",
  "\u00ad": "",
  "\u200b": "",
  "\u200c": "",
  "\u200d": "",
  "\u2060": "",
  "\ufeff": "",
};

const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });

/**
 * Returns a function that makes text drawable with `font`: every grapheme the font's encoding
 * (WinAnsi for the standard fonts) cannot represent becomes a close ASCII stand-in, its accent-free
 * base letter, or "?". Line breaks and tabs become spaces; other control characters are dropped.
 */
function winAnsiSanitizer(font: PDFFont): (text: string) => string {
  const supported = new Set(font.getCharacterSet());
  const encodable = (text: string) => {
    for (const char of text) if (!supported.has(char.codePointAt(0) ?? -1)) return false;
    return true;
  };
  return (text) => {
    let out = "";
    for (const { segment } of graphemes.segment(text.normalize("NFC"))) {
      if (/^\s+$/u.test(segment) && !encodable(segment)) out += FALLBACKS[segment] ?? " ";
      else if (/^\p{Cc}+$/u.test(segment)) out += "";
      else if (encodable(segment)) out += segment;
      else {
        const fallback = FALLBACKS[segment];
        const stripped = segment.normalize("NFKD").replace(/\p{M}/gu, "");
        if (fallback !== undefined) out += fallback;
        else if (stripped && encodable(stripped)) out += stripped;
        else out += "?";
      }
    }
    return out;
  };
}

const splitParagraphs = (text: string) => text.split(/\r\n|\r|\n/);

/** Greedy word wrap; words wider than the line are broken between characters. */
function wrap(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
  const width = (value: string) => font.widthOfTextAtSize(value, size);
  const lines: string[] = [];
  let current = "";
  for (const word of text.split(" ").filter(Boolean)) {
    const candidate = current ? `${current} ${word}` : word;
    if (width(candidate) <= maxWidth) {
      current = candidate;
      continue;
    }
    if (current) lines.push(current);
    current = "";
    let piece = "";
    for (const char of word) {
      if (piece && width(piece + char) > maxWidth) {
        lines.push(piece);
        piece = "";
      }
      piece += char;
    }
    current = piece;
  }
  if (current || lines.length === 0) lines.push(current);
  return lines;
}

/** Shrinks text down to `minSize` to fit `maxWidth`, then truncates it with an ellipsis. */
function fitText(text: string, font: PDFFont, size: number, maxWidth: number, minSize = 6) {
  let current = size;
  while (current > minSize && font.widthOfTextAtSize(text, current) > maxWidth) current -= 0.5;
  if (font.widthOfTextAtSize(text, current) <= maxWidth) return { text, size: current };
  const chars = Array.from(text);
  while (chars.length > 0 && font.widthOfTextAtSize(`${chars.join("")}…`, current) > maxWidth) chars.pop();
  return { text: `${chars.join("")}…`, size: current };
}

const capitalise = (value: string) => value.charAt(0).toUpperCase() + value.slice(1);

/** An http(s) URL safe to put verbatim in a link annotation: printable ASCII without parentheses or backslashes. */
const linkableUrl = (url: string) => (/^https?:\/\/[\x21-\x27\x2a-\x5b\x5d-\x7e]+$/.test(url) ? url : null);

type TextStyle = { font: PDFFont; size: number; color?: Color };

/** A cursor over pages: `y` is the next baseline; `ensure` starts a new page when space runs out. */
class Sheet {
  page: PDFPage;
  y = CONTENT_TOP;
  /** Drawn at the top of each continuation page while the line-item table is in progress. */
  repeatTableHeader = false;

  constructor(
    private readonly doc: PDFDocument,
    private readonly fonts: { regular: PDFFont; bold: PDFFont },
    readonly clean: (text: string) => string,
    private readonly continuationTitle: string,
  ) {
    this.page = doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
  }

  /** Makes room for `height` points of content below the cursor. Returns true if a page was added. */
  ensure(height: number): boolean {
    if (this.y - height >= CONTENT_BOTTOM) return false;
    this.page = this.doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    this.y = CONTENT_TOP;
    const title = fitText(this.clean(this.continuationTitle), this.fonts.regular, 9, CONTENT_WIDTH, 9);
    this.text(title.text, LEFT, this.y, { font: this.fonts.regular, size: 9, color: MUTED });
    this.y -= CONTINUATION_HEIGHT;
    if (this.repeatTableHeader) this.tableHeader();
    return true;
  }

  text(value: string, x: number, y: number, style: TextStyle) {
    this.page.drawText(this.clean(value), {
      x,
      y,
      font: style.font,
      size: style.size,
      color: style.color ?? INK,
    });
  }

  textRight(value: string, right: number, y: number, style: TextStyle) {
    const safe = this.clean(value);
    this.page.drawText(safe, {
      x: right - style.font.widthOfTextAtSize(safe, style.size),
      y,
      font: style.font,
      size: style.size,
      color: style.color ?? INK,
    });
  }

  /** Right-aligned text shrunk (then truncated) to fit `maxWidth`. */
  textRightFit(value: string, right: number, y: number, style: TextStyle, maxWidth: number) {
    const fitted = fitText(this.clean(value), style.font, style.size, maxWidth);
    this.textRight(fitted.text, right, y, { ...style, size: fitted.size });
  }

  rule(y: number, from = LEFT, to = RIGHT, color: Color = RULE, thickness = 0.5) {
    this.page.drawLine({ start: { x: from, y }, end: { x: to, y }, thickness, color });
  }

  /** Wrapped paragraphs at the cursor, breaking pages between lines; returns each drawn line's box. */
  paragraph(value: string, style: TextStyle, lineHeight: number, x = LEFT, maxWidth = RIGHT - x) {
    const boxes: { page: PDFPage; x: number; y: number; width: number; height: number }[] = [];
    for (const paragraph of splitParagraphs(value)) {
      for (const line of wrap(this.clean(paragraph), style.font, style.size, maxWidth)) {
        this.ensure(lineHeight);
        this.text(line, x, this.y, style);
        boxes.push({
          page: this.page,
          x,
          y: this.y - style.size * 0.25,
          width: style.font.widthOfTextAtSize(line, style.size),
          height: style.size * 1.2,
        });
        this.y -= lineHeight;
      }
    }
    return boxes;
  }

  tableHeader() {
    const { bold } = this.fonts;
    const style = { font: bold, size: 8.5, color: MUTED };
    const top = this.y;
    this.page.drawRectangle({
      x: LEFT,
      y: top - TABLE_HEADER_HEIGHT,
      width: CONTENT_WIDTH,
      height: TABLE_HEADER_HEIGHT,
      color: HEADER_FILL,
    });
    const baseline = top - 13.5;
    this.text("Description", LEFT + 4, baseline, style);
    this.textRight("Qty", QTY_RIGHT, baseline, style);
    this.textRight("Unit price", UNIT_RIGHT, baseline, style);
    this.textRight("Tax %", TAX_RIGHT, baseline, style);
    this.textRight("Amount", AMOUNT_RIGHT - 4, baseline, style);
    this.y = top - TABLE_HEADER_HEIGHT;
  }
}

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

  // Header: tenant name on the left, invoice number and key facts on the right.
  const metaWidth = 190;
  const metaLeft = RIGHT - metaWidth;
  const nameWidth = metaLeft - 20 - LEFT;
  let leftY = CONTENT_TOP - 16;
  const nameLines = wrap(clean(input.tenantName), bold, 18, nameWidth);
  if (nameLines.length > MAX_NAME_LINES) {
    const rest = nameLines.splice(MAX_NAME_LINES - 1).join(" ");
    nameLines.push(fitText(rest, bold, 18, nameWidth, 18).text);
  }
  for (const line of nameLines) {
    sheet.text(line, LEFT, leftY, { font: bold, size: 18 });
    leftY -= 22;
  }
  let rightY = CONTENT_TOP - 16;
  sheet.textRightFit(title, RIGHT, rightY, { font: bold, size: 16 }, metaWidth);
  rightY -= 22;
  const status = input.status.toLowerCase();
  const meta: [string, string, Color | undefined][] = [
    ["Status", capitalise(status), STATUS_COLORS[status]],
    ["Issue date", input.issueDate, undefined],
    ["Due date", input.dueDate, undefined],
  ];
  for (const [label, value, color] of meta) {
    sheet.text(label, metaLeft, rightY, { font: regular, size: 10, color: MUTED });
    sheet.textRightFit(value, RIGHT, rightY, { font: bold, size: 10, color }, metaWidth - 70);
    rightY -= 15;
  }
  sheet.y = Math.min(leftY, rightY) - 14;
  sheet.rule(sheet.y + 8);
  sheet.y -= 12;

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
    sheet.text(`Paid on ${input.paidAt.toISOString().slice(0, 10)}`, LEFT, sheet.y, {
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
