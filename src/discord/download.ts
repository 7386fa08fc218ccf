// Fetches an uploaded attachment with a size cap and a timeout (a session export is small JSON).
export async function downloadAttachment(url: string, maxBytes: number, timeoutMs = 10_000): Promise<Buffer> {
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error(`refusing to download ${parsed.protocol} URLs`);
  const res = await fetch(parsed, { signal: AbortSignal.timeout(timeoutMs) });
  if (!res.ok || !res.body) throw new Error(`attachment download failed with HTTP ${res.status}`);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > maxBytes) {
      await reader.cancel();
      throw new Error('attachment is larger than allowed');
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
