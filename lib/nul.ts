/**
 * The NUL character (U+0000). PostgreSQL refuses it in text and jsonb, and no name, address or
 * identifier of ours contains it, so input carrying one is refused up front rather than failing at
 * the database.
 */
export const NUL = "\u0000";

/** The dotted paths (`lines.0.description`) of every string, or object key, in a value that holds NUL. */
export function nulPathsOf(value: unknown, path: readonly string[] = []): string[] {
  if (typeof value === "string") return value.includes(NUL) ? [path.join(".")] : [];
  if (Array.isArray(value)) return value.flatMap((item, index) => nulPathsOf(item, [...path, String(index)]));
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, item]) => {
    const itemPath = [...path, key.replaceAll(NUL, "\\u0000")];
    return [...(key.includes(NUL) ? [itemPath.join(".")] : []), ...nulPathsOf(item, itemPath)];
  });
}

/** Text received from elsewhere (a provider's webhook) made storable: each NUL becomes U+FFFD. */
export const withoutNul = (text: string) => text.replaceAll(NUL, "\uFFFD");
