// Attachment downloads (the session file of /account session) against a real local HTTP server standing in
// for the configured DISCORD_CDN_URL origin: only Discord's CDN over https or that origin, no redirects, and
// the size cap holds while the body streams in.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AttachmentRefusedError, downloadAttachment, isAllowedAttachmentUrl } from '../../src/discord/download.ts';

const MAX = 64 * 1024;
const CHUNK = Buffer.alloc(16 * 1024, 'a');

let server: Server;
let origin: string;
const seen: string[] = [];
/** How the last streamed response ended: every chunk written, or cut off by the client. */
let lastStream: Promise<{ written: number; finished: boolean }> = Promise.resolve({ written: 0, finished: true });

function streamChunks(res: ServerResponse, total: number, headers: Record<string, string | number>): void {
  res.writeHead(200, { 'content-type': 'application/json', ...headers });
  lastStream = new Promise((resolve) => {
    let written = 0;
    const pump = () => {
      while (written < total) {
        written += CHUNK.length;
        if (!res.write(CHUNK)) return void res.once('drain', pump);
      }
      res.end(() => resolve({ written, finished: true }));
    };
    res.once('close', () => resolve({ written, finished: res.writableFinished }));
    pump();
  });
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  seen.push(req.url ?? '');
  switch (req.url) {
    case '/ok.json':
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"cookies":[]}');
      return;
    case '/redirect':
      res.writeHead(302, { location: `${origin}/ok.json` }).end();
      return;
    case '/big-declared':
      // Declares more than the cap, sends less than the cap, and holds: only Content-Length can tell.
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': MAX * 4 });
      res.write(CHUNK);
      lastStream = new Promise((resolve) => res.once('close', () => resolve({ written: CHUNK.length, finished: res.writableFinished })));
      return;
    case '/big-chunked':
      // No Content-Length: the client only learns the size by reading, so it must count as it reads.
      streamChunks(res, 64 * 1024 * 1024, {});
      return;
    default:
      res.writeHead(404).end();
  }
}

before(async () => {
  server = createServer(handle);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

async function refusal(url: string, extraOrigin: string | null = origin): Promise<string> {
  try {
    await downloadAttachment(url, MAX, { extraOrigin });
  } catch (err) {
    if (err instanceof AttachmentRefusedError) return err.reason;
    throw err;
  }
  return 'downloaded';
}

test('an attachment from the configured origin is downloaded', async () => {
  assert.equal((await downloadAttachment(`${origin}/ok.json`, MAX, { extraOrigin: origin })).toString(), '{"cookies":[]}');
});

test('a redirect is refused and not followed, even to an allowed place', async () => {
  seen.length = 0;
  assert.equal(await refusal(`${origin}/redirect`), 'redirect');
  assert.deepEqual(seen, ['/redirect'], 'the redirect target was never requested');
});

test('another host is refused before any request is made', async () => {
  seen.length = 0;
  const port = new URL(origin).port;
  assert.equal(await refusal(`http://localhost:${port}/ok.json`), 'not_allowed', 'same server, other host name');
  assert.equal(await refusal(`${origin}/ok.json`, null), 'not_allowed', 'the test origin, when it is not configured');
  assert.deepEqual(seen, []);
});

test('only Discord’s CDN hosts over https, or the configured origin, may be fetched', () => {
  const cases: [string, boolean][] = [
    ['https://cdn.discordapp.com/attachments/1/2/state.json?ex=1&is=2&hm=3', true],
    ['https://media.discordapp.net/attachments/1/2/state.json', true],
    ['http://cdn.discordapp.com/attachments/1/2/state.json', false],
    ['http://media.discordapp.net/attachments/1/2/state.json', false],
    ['https://cdn.discordapp.com:8443/attachments/1/2/state.json', false],
    ['https://cdn.discordapp.com.example.com/state.json', false],
    ['https://evil-cdn.discordapp.com/state.json', false],
    ['https://user:pw@cdn.discordapp.com/state.json', false],
    ['https://example.com/state.json', false],
    ['http://169.254.169.254/latest/meta-data/', false],
    ['file:///etc/passwd', false],
    ['not a url', false],
  ];
  for (const [url, allowed] of cases) assert.equal(isAllowedAttachmentUrl(url), allowed, url);
  assert.equal(isAllowedAttachmentUrl('http://127.0.0.1:8080/a.json', 'http://127.0.0.1:8080'), true);
  assert.equal(isAllowedAttachmentUrl('http://127.0.0.1:8081/a.json', 'http://127.0.0.1:8080'), false);
  assert.equal(isAllowedAttachmentUrl('https://127.0.0.1:8080/a.json', 'http://127.0.0.1:8080'), false);
});

test('http is refused for Discord’s CDN hosts, without a connection', async () => {
  // Refused by the check itself: no connection is tried (this machine has no route to Discord anyway).
  assert.equal(await refusal('http://cdn.discordapp.com/attachments/1/2/state.json', null), 'not_allowed');
});

test('a file over the cap is refused from its Content-Length, before its body is read', async () => {
  // The server sends less than the cap and waits, so a client that only counted bytes would hang here.
  assert.equal(await refusal(`${origin}/big-declared`), 'too_large');
  assert.equal((await lastStream).finished, false, 'the client hung up');
});

test('a file over the cap without Content-Length is cut off while it streams in', async () => {
  assert.equal(await refusal(`${origin}/big-chunked`), 'too_large');
  const { written, finished } = await lastStream;
  assert.equal(finished, false, 'the client hung up');
  assert.ok(written < 64 * 1024 * 1024, `stopped after ${written} bytes of 64 MiB`);
});
