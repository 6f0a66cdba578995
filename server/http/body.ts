/**
 * A request body as text, read chunk by chunk and abandoned as soon as it passes `limit` bytes: the
 * stream is cancelled there, so an endless or chunked (no content-length) body costs at most one
 * chunk beyond the limit in memory, never the whole upload. Null when it is too large. Decoded as
 * `Request.text()` decodes (UTF-8, a leading BOM dropped), so signature checks see the same text.
 */
export async function readBodyCapped(req: Request, limit: number): Promise<string | null> {
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks, size));
}
