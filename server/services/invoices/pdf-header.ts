import type { Color, PDFDocument, PDFFont, PDFImage } from "pdf-lib";
import { formatDate } from "@/lib/dates";
import type { InvoicePdfInput, PdfLogo } from "./pdf";
import { CONTENT_TOP, LEFT, MAX_NAME_LINES, MUTED, RIGHT, type Sheet, STATUS_COLORS } from "./pdf-layout";
import { capitalise, fitText, splitParagraphs, wrap } from "./pdf-text";

const LOGO_MAX_HEIGHT = 48;
const LOGO_MAX_WIDTH = 150;
const META_WIDTH = 190;

/** The logo embedded in the document; a file pdf-lib cannot read is left out rather than failing the PDF. */
async function embedLogo(doc: PDFDocument, logo: PdfLogo): Promise<PDFImage | null> {
  try {
    return logo.type === "image/png" ? await doc.embedPng(logo.bytes) : await doc.embedJpg(logo.bytes);
  } catch {
    return null;
  }
}

/**
 * The header: on the left the supplier (logo, name, business address, VAT/tax number), on the right the
 * invoice number, status and dates. Leaves the sheet's cursor below both.
 */
export async function drawHeader(
  doc: PDFDocument,
  sheet: Sheet,
  fonts: { regular: PDFFont; bold: PDFFont },
  input: InvoicePdfInput,
) {
  const { regular, bold } = fonts;
  const clean = sheet.clean;
  const metaLeft = RIGHT - META_WIDTH;
  const nameWidth = metaLeft - 20 - LEFT;
  let leftY = CONTENT_TOP;
  const logo = input.supplier?.logo ? await embedLogo(doc, input.supplier.logo) : null;
  if (logo) {
    const scale = Math.min(
      LOGO_MAX_HEIGHT / logo.height,
      Math.min(LOGO_MAX_WIDTH, nameWidth) / logo.width,
      1,
    );
    const height = logo.height * scale;
    sheet.page.drawImage(logo, { x: LEFT, y: leftY - height, width: logo.width * scale, height });
    leftY -= height + 8;
  }
  leftY -= 16;
  const nameLines = wrap(clean(input.tenantName), bold, 18, nameWidth);
  if (nameLines.length > MAX_NAME_LINES) {
    const rest = nameLines.splice(MAX_NAME_LINES - 1).join(" ");
    nameLines.push(fitText(rest, bold, 18, nameWidth, 18).text);
  }
  for (const line of nameLines) {
    sheet.text(line, LEFT, leftY, { font: bold, size: 18 });
    leftY -= 22;
  }
  const supplierLines = [
    ...splitParagraphs(input.supplier?.businessAddress?.trim() ?? "").filter(Boolean),
    ...(input.supplier?.taxNumber ? [`VAT/tax number: ${input.supplier.taxNumber}`] : []),
  ];
  for (const line of supplierLines.flatMap((text) => wrap(clean(text), regular, 9.5, nameWidth))) {
    sheet.text(line, LEFT, leftY + 6, { font: regular, size: 9.5, color: MUTED });
    leftY -= 13;
  }

  let rightY = CONTENT_TOP - 16;
  sheet.textRightFit(`Invoice ${input.number}`, RIGHT, rightY, { font: bold, size: 16 }, META_WIDTH);
  rightY -= 22;
  const status = input.status.toLowerCase();
  const meta: [string, string, Color | undefined][] = [
    ["Status", capitalise(status), STATUS_COLORS[status]],
    ["Issue date", formatDate(input.issueDate), undefined],
    ["Due date", formatDate(input.dueDate), undefined],
  ];
  for (const [label, value, color] of meta) {
    sheet.text(label, metaLeft, rightY, { font: regular, size: 10, color: MUTED });
    sheet.textRightFit(value, RIGHT, rightY, { font: bold, size: 10, color }, META_WIDTH - 70);
    rightY -= 15;
  }
  sheet.y = Math.min(leftY, rightY) - 14;
  sheet.rule(sheet.y + 8);
  sheet.y -= 12;
}
