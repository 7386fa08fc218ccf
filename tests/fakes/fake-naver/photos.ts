// The fake NAVER's photo upload, shaped after SmartEditor ONE's (public code that drives it, see README.md):
// the editor asks the editor platform for an upload session key
// (`GET {platform}/api/blogpc001/v1/photo-uploader/session-key`, with the NAVER session cookies), then POSTs the
// file as multipart field `image` to `{upphoto}/{sessionKey}/simpleUpload/0?userId=…` and reads the XML answer
// (`<item><url/><path/><fileName/><fileSize/><width/><height/></item>`). The photo is then served from the
// blogfiles domain at `domain + path`; the image component of the document model points at it by `path`/`src`.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';

/** A photo the photo server holds (whether or not a post uses it). */
export interface FakeUpload {
  /** What NAVER answered as `path`: the image component carries it. */
  path: string;
  blogId: string;
  fileName: string;
  contentType: string;
  bytes: Buffer;
  width: number;
  height: number;
  uploadedAt: Date;
}

/** An image component as a stored post holds it: which upload, its caption and NAVER's AI label. */
export interface PostedImage {
  type: 'image';
  path: string;
  src: string;
  fileName: string;
  caption: string;
  /** The "AI 활용" label was on. */
  ai: boolean;
  /** The photo the component points at; null when the editor sent a path the photo server never gave out. */
  upload: FakeUpload | null;
}

/** How the photo server misbehaves: answer an error (HTTP 500) or cut the answer short, for every file or one file name. */
export type UploadFailure = { mode: 'error' | 'drop'; fileName?: string } | null;

/** The document model's image component, as far as the fake reads it. */
export interface SeImage {
  '@ctype': 'image';
  src?: string;
  path?: string;
  fileName?: string;
  caption?: { nodes?: Array<{ value?: string }> } | null;
  ai?: boolean;
}

export interface PhotoServer {
  uploads: FakeUpload[];
  /** Upload requests received, answered or not. */
  uploadRequests: number;
  /** What the write page tells the editor. */
  editorConfig(): { sessionKeyUrl: string; uploadBase: string; domain: string };
  /** Answers the request when it is the photo server's; false when it is not. */
  route(req: IncomingMessage, res: ServerResponse, url: URL, blogIdOfSession: string | null): Promise<boolean>;
  toPosted(c: SeImage): PostedImage;
}

export function createPhotoServer(baseUrl: string, failure: () => UploadFailure): PhotoServer {
  const keys = new Map<string, string>();
  let seq = 0;
  const domain = `${baseUrl}/blogfiles`;
  const server: PhotoServer = {
    uploads: [],
    uploadRequests: 0,
    editorConfig: () => ({ sessionKeyUrl: `${baseUrl}/platform/api/blogpc001/v1/photo-uploader/session-key`, uploadBase: `${baseUrl}/upphoto`, domain }),
    async route(req, res, url, blogId) {
      const path = url.pathname;
      if (path === '/platform/api/blogpc001/v1/photo-uploader/session-key' && req.method === 'GET') {
        if (!blogId) return json(res, 401, { isSuccess: false, message: 'not logged in' }), true;
        const key = randomBytes(18).toString('base64url');
        keys.set(key, blogId);
        return json(res, 200, { isSuccess: true, sessionKey: key }), true;
      }
      const upload = path.match(/^\/upphoto\/([^/]+)\/simpleUpload\/0$/);
      if (upload && req.method === 'POST') {
        server.uploadRequests++;
        await receive(req, res, upload[1]!, url);
        return true;
      }
      if (path.startsWith('/blogfiles/') && req.method === 'GET') {
        const held = server.uploads.find((u) => u.path === path.slice('/blogfiles'.length));
        if (!held) return send(res, 404, 'text/plain', Buffer.from('not found')), true;
        return send(res, 200, held.contentType, held.bytes), true;
      }
      return false;
    },
    toPosted(c) {
      const held = server.uploads.find((u) => u.path === c.path) ?? null;
      const caption = (c.caption?.nodes ?? []).map((n) => n.value ?? '').join('');
      return { type: 'image', path: c.path ?? '', src: c.src ?? '', fileName: c.fileName ?? '', caption, ai: c.ai === true, upload: held };
    },
  };

  async function receive(req: IncomingMessage, res: ServerResponse, key: string, url: URL): Promise<void> {
    const raw = await readRaw(req);
    const blogId = keys.get(key);
    if (!blogId || url.searchParams.get('userId') !== blogId) return xmlError(res, 403, 'invalid session key');
    let file: File | null = null;
    try {
      const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': req.headers['content-type'] ?? '' } }).formData();
      const part = form.get('image');
      file = typeof part === 'string' ? null : part;
    } catch {
      file = null;
    }
    if (!file) return xmlError(res, 400, 'no image part');
    const fails = failure();
    if (fails && (!fails.fileName || fails.fileName === file.name)) {
      if (fails.mode === 'error') return xmlError(res, 500, 'upload failed');
      // Cut after the headers (a socket closed before any byte makes Chromium re-send the POST).
      res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8', 'content-length': '300' });
      res.write('<?xml version="1.0" encoding="utf-8"?><item><url>');
      setTimeout(() => res.socket?.destroy(), 50);
      return;
    }
    const bytes = Buffer.from(await file.arrayBuffer());
    const meta = await sharp(bytes).metadata().catch(() => null);
    if (!meta?.width || !meta.height) return xmlError(res, 400, 'not an image');
    const day = new Date().toISOString().slice(0, 10).replace(/-/g, '');
    const held: FakeUpload = {
      path: `/${day}_${++seq}/${randomBytes(6).toString('hex')}_${encodeURIComponent(file.name)}`,
      blogId,
      fileName: file.name,
      contentType: file.type || `image/${meta.format}`,
      bytes,
      width: meta.width,
      height: meta.height,
      uploadedAt: new Date(),
    };
    server.uploads.push(held);
    const tag = (name: string, value: string | number) => `<${name}>${escapeXml(String(value))}</${name}>`;
    const body =
      '<?xml version="1.0" encoding="utf-8"?><item>' +
      [tag('url', held.path), tag('path', held.path), tag('fileName', held.fileName), tag('fileSize', bytes.length), tag('width', held.width), tag('height', held.height), tag('thumbnail', `${held.path}?type=w80_blur`)].join('') +
      '</item>';
    send(res, 200, 'text/xml', Buffer.from(body));
  }

  return server;
}

function xmlError(res: ServerResponse, status: number, message: string): void {
  send(res, status, 'text/xml', Buffer.from(`<?xml version="1.0" encoding="utf-8"?><error><code>${status}</code><message>${escapeXml(message)}</message></error>`));
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function readRaw(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, type: string, body: Buffer): void {
  res.writeHead(status, { 'content-type': type.startsWith('image/') ? type : `${type}; charset=utf-8`, 'cache-control': 'no-store' });
  res.end(body);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, 'application/json', Buffer.from(JSON.stringify(body)));
}
