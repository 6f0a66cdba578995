/**
 * The one way dates are written, in lists, logs, history, the portal and the PDF: "6 Dec 2026" for a
 * day, "6 Dec 2026, 14:05 UTC" for a moment. Days (YYYY-MM-DD) are calendar dates and never shift with
 * the time zone; moments are shown in UTC, so server and browser render the same text.
 */
export const DEFAULT_LOCALE = "en-GB";

const dayOnly = /^\d{4}-\d{2}-\d{2}$/;

const dayFormats = new Map<string, Intl.DateTimeFormat>();
const momentFormats = new Map<string, Intl.DateTimeFormat>();

function formatter(cache: Map<string, Intl.DateTimeFormat>, locale: string, withTime: boolean) {
  let format = cache.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      day: "numeric",
      month: "short",
      year: "numeric",
      ...(withTime ? { hour: "2-digit", minute: "2-digit", hourCycle: "h23" as const } : {}),
      timeZone: "UTC",
    });
    cache.set(locale, format);
  }
  return format;
}

/** A Date from a Date, an ISO timestamp or a YYYY-MM-DD day (that day, not shifted by a time zone). */
function toDate(value: Date | string): Date {
  if (value instanceof Date) return value;
  return new Date(dayOnly.test(value) ? `${value}T00:00:00Z` : value);
}

/** "6 Dec 2026": the day of a date or a moment (in UTC). */
export function formatDate(value: Date | string, locale = DEFAULT_LOCALE): string {
  const date = toDate(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return formatter(dayFormats, locale, false).format(date);
}

/** "6 Dec 2026, 14:05 UTC": a moment, for logs and history. */
export function formatDateTime(value: Date | string, locale = DEFAULT_LOCALE): string {
  const date = toDate(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return `${formatter(momentFormats, locale, true).format(date)} UTC`;
}

/** "14:05 UTC": the time of a moment today (a breaker's retry time, say). */
export function formatTime(value: Date | string, locale = DEFAULT_LOCALE): string {
  const date = toDate(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return `${new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" }).format(date)} UTC`;
}
