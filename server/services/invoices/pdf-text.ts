import type { PDFFont } from "pdf-lib";

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
export function winAnsiSanitizer(font: PDFFont): (text: string) => string {
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

export const splitParagraphs = (text: string) => text.split(/\r\n|\r|\n/);

/** Greedy word wrap; words wider than the line are broken between characters. */
export function wrap(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
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
export function fitText(text: string, font: PDFFont, size: number, maxWidth: number, minSize = 6) {
  let current = size;
  while (current > minSize && font.widthOfTextAtSize(text, current) > maxWidth) current -= 0.5;
  if (font.widthOfTextAtSize(text, current) <= maxWidth) return { text, size: current };
  const chars = Array.from(text);
  while (chars.length > 0 && font.widthOfTextAtSize(`${chars.join("")}…`, current) > maxWidth) chars.pop();
  return { text: `${chars.join("")}…`, size: current };
}

export const capitalise = (value: string) => value.charAt(0).toUpperCase() + value.slice(1);

/** An http(s) URL safe to put verbatim in a link annotation: printable ASCII without parentheses or backslashes. */
export const linkableUrl = (url: string) =>
  /^https?:\/\/[\x21-\x27\x2a-\x5b\x5d-\x7e]+$/.test(url) ? url : null;
