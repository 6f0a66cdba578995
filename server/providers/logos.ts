/**
 * Provider marks as inline SVG: a rounded square in the brand colour with the brand's initials.
 * Deliberately simple (no trademarked artwork, no external references, no scripts); platform admins
 * can replace a logo in the registry table. The xmlns is kept so a logo also works as a data: URL.
 */
function monogram(name: string, initials: string, background: string, foreground = "#FFFFFF"): string {
  const fontSize = initials.length === 1 ? 18 : initials.length === 2 ? 14 : 11;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" role="img" aria-label="${name}">` +
    `<rect width="32" height="32" rx="7" fill="${background}"/>` +
    `<text x="16" y="16" dy="0.35em" text-anchor="middle" font-family="Inter,Arial,sans-serif" ` +
    `font-size="${fontSize}" font-weight="700" fill="${foreground}">${initials}</text></svg>`
  );
}

export const logos = {
  stripe: monogram("Stripe", "S", "#635BFF"),
  paypal: monogram("PayPal", "P", "#003087"),
  square: monogram("Square", "Sq", "#000000"),
  quickbooks: monogram("QuickBooks", "qb", "#2CA01C"),
  xero: monogram("Xero", "X", "#13B5EA"),
  freshbooks: monogram("FreshBooks", "F", "#0075DD"),
  bill_com: monogram("BILL", "B", "#FF6F00"),
  melio: monogram("Melio", "M", "#7849FF"),
  vic_ai: monogram("Vic.ai", "V", "#1B1F3B"),
  glean_ai: monogram("Glean.ai", "G", "#2F5BEA"),
  zapier: monogram("Zapier", "Z", "#FF4F00"),
  make: monogram("Make", "M", "#6D00CC"),
  n8n: monogram("n8n", "n8n", "#EA4B71"),
  custom_webhook: monogram("Custom webhook", "WH", "#334155"),
  slack: monogram("Slack", "S", "#4A154B"),
  microsoft_teams: monogram("Microsoft Teams", "T", "#4B53BC"),
  smtp: monogram("Email (SMTP)", "@", "#64748B"),
  resend: monogram("Resend", "R", "#000000"),
  google_drive: monogram("Google Drive", "GD", "#1FA463"),
  dropbox: monogram("Dropbox", "D", "#0061FF"),
  onedrive: monogram("OneDrive", "O", "#0078D4"),
  s3: monogram("Amazon S3 / MinIO", "S3", "#569A31"),
  salesforce: monogram("Salesforce", "SF", "#00A1E0"),
  hubspot: monogram("HubSpot", "H", "#FF7A59"),
  pipedrive: monogram("Pipedrive", "P", "#017737"),
  lem_verify: monogram("LEM Verify", "LEM", "#0E7C86"),
  companies_house: monogram("Companies House", "CH", "#0B0C0C"),
  gemini: monogram("Google Gemini", "G", "#1A73E8"),
} as const;
