/**
 * Why a request path cannot be routed, or null when it can: a malformed %-escape (`/customers/%ZZ`),
 * which the router would otherwise fail on with a bare 500, or an escaped NUL character (`%00`),
 * which no identifier or text in this app may contain.
 */
export function pathProblemOf(pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return "The path contains a malformed %-escape";
  }
  return decoded.includes("\u0000") ? "The path contains a NUL character (%00)" : null;
}
