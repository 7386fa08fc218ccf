// Fetches an uploaded attachment (a session export is small JSON). Only from Discord's CDN over https, or
// from the one origin the operator configured (DISCORD_CDN_URL: tests, proxies); no redirect is followed
// (it could lead anywhere, the local network included); the size cap holds while the body streams in, whatever
// Content-Length says.
import { ReasonError } from '../errors.ts';

/** Where Discord serves attachments from. */
export const DISCORD_CDN_HOSTS: readonly string[] = ['cdn.discordapp.com', 'media.discordapp.net'];

export type AttachmentRefusal = 'not_allowed' | 'redirect' | 'too_large' | 'http_status';

export class AttachmentRefusedError extends ReasonError<AttachmentRefusal> {}

export interface DownloadOptions {
  /** DISCORD_CDN_URL: an origin attachments may also come from (any scheme it names). */
  extraOrigin?: string | null;
  timeoutMs?: number;
}

/** Whether `url` may be fetched at all: Discord's CDN over https on the default port, or the extra origin. */
export function isAllowedAttachmentUrl(url: string, extraOrigin: string | null = null): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.username || u.password) return false;
  if (extraOrigin && u.origin === new URL(extraOrigin).origin) return true;
  return u.protocol === 'https:' && u.port === '' && DISCORD_CDN_HOSTS.includes(u.hostname);
}

/** The downloader the bot uses; `maxBytes` is the most it will read. */
export function attachmentDownloader(o: DownloadOptions = {}): (url: string, maxBytes: number) => Promise<Buffer> {
  return (url, maxBytes) => downloadAttachment(url, maxBytes, o);
}

export async function downloadAttachment(url: string, maxBytes: number, o: DownloadOptions = {}): Promise<Buffer> {
  if (!isAllowedAttachmentUrl(url, o.extraOrigin ?? null)) {
    throw new AttachmentRefusedError('not_allowed', `refusing to download from ${safeOrigin(url)}: not Discord's CDN over https`);
  }
  const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(o.timeoutMs ?? 10_000) });
  const refuse = async (reason: AttachmentRefusal, message: string): Promise<never> => {
    await res.body?.cancel().catch(() => undefined);
    throw new AttachmentRefusedError(reason, message);
  };
  if (res.status >= 300 && res.status < 400) return refuse('redirect', `attachment download answered with a redirect (HTTP ${res.status}); not followed`);
  if (!res.ok || !res.body) return refuse('http_status', `attachment download failed with HTTP ${res.status}`);
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) return refuse('too_large', `attachment is ${declared} bytes, more than the ${maxBytes} allowed`);

  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new AttachmentRefusedError('too_large', `attachment is more than the ${maxBytes} bytes allowed`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'an invalid URL';
  }
}
