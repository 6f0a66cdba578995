import { type Color, type PDFDocument, type PDFFont, type PDFPage, rgb } from "pdf-lib";
import { fitText, splitParagraphs, wrap } from "./pdf-text";

/** Page geometry, colours and the page cursor of the invoice PDF. */
// A4 in points.
export const PAGE_WIDTH = 595.28;
export const PAGE_HEIGHT = 841.89;
export const MARGIN_X = 50;
export const CONTENT_TOP = PAGE_HEIGHT - 50;
/** Lowest baseline content may use; the footer sits below it. */
export const CONTENT_BOTTOM = 72;
export const FOOTER_Y = 36;
export const LEFT = MARGIN_X;
export const RIGHT = PAGE_WIDTH - MARGIN_X;
export const CONTENT_WIDTH = RIGHT - LEFT;

export const INK = rgb(0.11, 0.12, 0.14);
export const MUTED = rgb(0.42, 0.45, 0.5);
export const RULE = rgb(0.85, 0.87, 0.9);
export const HEADER_FILL = rgb(0.95, 0.96, 0.97);
export const STATUS_COLORS: Record<string, Color> = {
  paid: rgb(0.06, 0.5, 0.25),
  overdue: rgb(0.75, 0.12, 0.12),
  uncollectible: rgb(0.75, 0.12, 0.12),
  void: MUTED,
  draft: MUTED,
};

// Table: right edges of the numeric columns, and the description's width.
export const COLUMN_GAP = 8;
export const AMOUNT_WIDTH = 85;
export const TAX_WIDTH = 40;
export const UNIT_WIDTH = 80;
export const QTY_WIDTH = 35;
export const AMOUNT_RIGHT = RIGHT;
export const TAX_RIGHT = AMOUNT_RIGHT - AMOUNT_WIDTH - COLUMN_GAP;
export const UNIT_RIGHT = TAX_RIGHT - TAX_WIDTH - COLUMN_GAP;
export const QTY_RIGHT = UNIT_RIGHT - UNIT_WIDTH - COLUMN_GAP;
export const DESCRIPTION_WIDTH = QTY_RIGHT - QTY_WIDTH - COLUMN_GAP - LEFT;
export const TABLE_SIZE = 9;
export const TABLE_LINE = 12;
export const ROW_PADDING = 5;
export const TABLE_HEADER_HEIGHT = 20;
/** Space below the continuation title and table header on a new page. */
export const CONTINUATION_HEIGHT = 24;
export const ROW_CAPACITY = CONTENT_TOP - CONTINUATION_HEIGHT - TABLE_HEADER_HEIGHT - CONTENT_BOTTOM;
/** The tenant's name takes at most this many lines in the header. */
export const MAX_NAME_LINES = 3;

export type TextStyle = { font: PDFFont; size: number; color?: Color };

/** A cursor over pages: `y` is the next baseline; `ensure` starts a new page when space runs out. */
export class Sheet {
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
