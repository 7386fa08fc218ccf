// A stand-in for the Gemini REST API on 127.0.0.1: records every request and answers from a script,
// so the real @google/genai SDK can be exercised end to end without the network.
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  apiVersion: string | null;
  model: string | null;
  headers: IncomingHttpHeaders;
  body: GenerateBody;
  /** The client went away (an aborted or timed-out call) before an answer was sent. */
  abandoned: boolean;
  /** The client's port of the connection, e.g. to find the process that made the call. */
  clientPort: number;
}

/** The parts of a generateContent request body the tests look at. */
export interface GenerateBody {
  contents?: Array<{ role?: string; parts?: Array<{ text?: string; inlineData?: { mimeType?: string; data?: string } }> }>;
  systemInstruction?: { parts?: Array<{ text?: string }> };
  generationConfig?: { responseMimeType?: string; responseJsonSchema?: unknown; responseSchema?: unknown; responseModalities?: string[]; imageConfig?: unknown };
  [key: string]: unknown;
}

export interface ScriptedReply {
  status: number;
  body: unknown;
  /** Wait this long before answering (a slow model). */
  delayMs?: number;
  /** Never answer (the connection stays open until the client gives up or the fake closes). */
  hang?: boolean;
  /** Cut the connection without any answer (a network failure). */
  drop?: boolean;
}

/** Answers a call when no scripted reply is left (a model that keeps answering, in its own way). */
export type Responder = (request: RecordedRequest) => ScriptedReply;

export interface FakeGemini {
  /** e.g. http://127.0.0.1:41234, for GEMINI_BASE_URL. */
  baseUrl: string;
  port: number;
  requests: RecordedRequest[];
  /** Queues replies, answered in order, one per generateContent call. */
  script(...replies: ScriptedReply[]): void;
  /** Answers calls once the script is used up; without one such a call gets HTTP 500. */
  fallback: Responder | null;
  close(): Promise<void>;
}

const ROUTE = /^\/([^/]+)\/models\/([^/:]+):generateContent$/;

export async function startFakeGemini(): Promise<FakeGemini> {
  const requests: RecordedRequest[] = [];
  const queue: ScriptedReply[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let fallback: Responder | null = null;

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '';
      const route = ROUTE.exec(path);
      let body: GenerateBody = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as GenerateBody;
      } catch {
        // Recorded as empty; a test asserting on the body will notice.
      }
      const recorded: RecordedRequest = { method: req.method ?? '', path, apiVersion: route?.[1] ?? null, model: route?.[2] ?? null, headers: req.headers, body, abandoned: false, clientPort: req.socket.remotePort ?? 0 };
      requests.push(recorded);
      res.on('close', () => (recorded.abandoned ||= !res.writableEnded));
      if (req.method !== 'POST' || !route) {
        return send(res, errorReply(404, 'NOT_FOUND', `fake gemini: no route for ${req.method} ${path}`));
      }
      const reply = queue.shift() ?? fallback?.(recorded) ?? errorReply(500, 'INTERNAL', 'fake gemini: no scripted reply left for this call');
      if (reply.hang) return; // close() ends it
      if (reply.drop) return void req.socket.destroy();
      if (!reply.delayMs) return send(res, reply);
      const timer = setTimeout(() => {
        timers.delete(timer);
        send(res, reply);
      }, reply.delayMs);
      timers.add(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    port,
    requests,
    script: (...replies) => void queue.push(...replies),
    get fallback() {
      return fallback;
    },
    set fallback(responder) {
      fallback = responder;
    },
    close: async () => {
      // Idempotent: a test may close early to simulate an unreachable server, and teardown closes again.
      if (!server.listening) return;
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}

function send(res: ServerResponse, reply: ScriptedReply): void {
  // The client may have given up (timeout, abort) while a slow reply was pending.
  if (res.destroyed || res.writableEnded) return;
  res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
}

// ── Replies shaped like the real API's ──────────────────────────────────────────────────────────────
const USAGE = { promptTokenCount: 120, candidatesTokenCount: 800, totalTokenCount: 950, thoughtsTokenCount: 30 };

/** A 200 answer whose single candidate holds `text`. */
export function textReply(text: string, finishReason = 'STOP', extra: { modelVersion?: string } = {}): ScriptedReply {
  return {
    status: 200,
    body: {
      candidates: [{ content: { role: 'model', parts: [{ text }] }, finishReason, index: 0 }],
      usageMetadata: USAGE,
      modelVersion: extra.modelVersion ?? 'gemini-test-001',
      responseId: 'fake-response',
    },
  };
}

/** A 200 answer carrying `answer` as the model's JSON text. */
export function jsonReply(answer: unknown, extra: { modelVersion?: string } = {}): ScriptedReply {
  return textReply(JSON.stringify(answer), 'STOP', extra);
}

export function errorReply(code: number, status: string, message: string, details: unknown[] = []): ScriptedReply {
  return { status: code, body: { error: { code, message, status, ...(details.length ? { details } : {}) } } };
}

export function rateLimitedReply(retryDelay = '22s'): ScriptedReply {
  return errorReply(429, 'RESOURCE_EXHAUSTED', 'You exceeded your current quota, please check your plan and billing details.', [
    {
      '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
      violations: [{ quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests', quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier' }],
    },
    { '@type': 'type.googleapis.com/google.rpc.Help', links: [{ description: 'Learn more about Gemini API quotas', url: 'https://ai.google.dev/gemini-api/docs/rate-limits' }] },
    { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay },
  ]);
}

/** The prompt itself was refused: no candidates at all. */
export function promptBlockedReply(blockReason = 'SAFETY'): ScriptedReply {
  return {
    status: 200,
    body: {
      promptFeedback: {
        blockReason,
        safetyRatings: [{ category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH', blocked: true }],
      },
      usageMetadata: { promptTokenCount: 120, totalTokenCount: 120 },
      modelVersion: 'gemini-test-001',
    },
  };
}

/** The output was stopped by a filter: a candidate with a blocking finishReason and no content. */
export function candidateBlockedReply(finishReason = 'SAFETY'): ScriptedReply {
  return {
    status: 200,
    body: {
      candidates: [
        {
          finishReason,
          index: 0,
          safetyRatings: [{ category: 'HARM_CATEGORY_HARASSMENT', probability: 'HIGH', blocked: true }],
        },
      ],
      usageMetadata: { promptTokenCount: 120, totalTokenCount: 120 },
      modelVersion: 'gemini-test-001',
    },
  };
}

/** A candidate that finished normally but holds no text. */
export function emptyCandidateReply(): ScriptedReply {
  return {
    status: 200,
    body: {
      candidates: [{ content: { role: 'model', parts: [] }, finishReason: 'STOP', index: 0 }],
      usageMetadata: { promptTokenCount: 120, totalTokenCount: 120 },
      modelVersion: 'gemini-test-001',
    },
  };
}

// ── Image generation (generateContent with an image model and IMAGE among responseModalities) ─────────────
/** A small PNG, a different colour per `seed`, for image answers. */
export async function pngBytes(seed = 0, size = 64): Promise<Buffer> {
  const { default: sharp } = await import('sharp');
  const background = { r: (seed * 67) % 256, g: (seed * 131 + 80) % 256, b: (seed * 29 + 160) % 256 };
  return sharp({ create: { width: size, height: Math.round(size * 0.75), channels: 3, background } }).png().toBuffer();
}

/** The image model's answer: a short text part and the picture as inline base64 bytes (the SDK's inlineData). */
export function imageReply(png: Buffer, mimeType = 'image/png'): ScriptedReply {
  return {
    status: 200,
    body: {
      candidates: [
        {
          content: { role: 'model', parts: [{ text: 'Here is the image.' }, { inlineData: { mimeType, data: png.toString('base64') } }] },
          finishReason: 'STOP',
          index: 0,
        },
      ],
      usageMetadata: { promptTokenCount: 40, candidatesTokenCount: 1290, totalTokenCount: 1330 },
      modelVersion: 'gemini-2.5-flash-image',
      responseId: 'fake-image',
    },
  };
}

/** A picture stopped by the image safety filter: finishReason IMAGE_SAFETY and no content. */
export function imageSafetyReply(): ScriptedReply {
  return candidateBlockedReply('IMAGE_SAFETY');
}

/** Whether a recorded call asked for an image (IMAGE among the response modalities). */
export function wantsImage(r: RecordedRequest): boolean {
  return (r.body.generationConfig?.responseModalities ?? []).includes('IMAGE');
}

export function slow(reply: ScriptedReply, delayMs: number): ScriptedReply {
  return { ...reply, delayMs };
}

/** A call that is never answered. */
export function hangReply(): ScriptedReply {
  return { status: 0, body: null, hang: true };
}

/** A call whose connection is cut before any answer. */
export function droppedReply(): ScriptedReply {
  return { status: 0, body: null, drop: true };
}

// ── Grounding with Google Search ────────────────────────────────────────────────────────────────────
export interface FakeSearch {
  /** webSearchQueries */
  queries: string[];
  /** The pages found, as groundingChunks[].web (uri, title). */
  pages: Array<{ title: string; uri: string }>;
  /** Passages of the answer and the pages (indices into `pages`) that support them: groundingSupports. */
  supports: Array<{ text: string; pages: number[] }>;
}

/**
 * A 200 JSON answer with groundingMetadata as the API sends it: each support's segment holds its text as it
 * appears in the answer's JSON text, with startIndex/endIndex in bytes of that part (the API's measure).
 */
export function groundedJsonReply(answer: unknown, search: FakeSearch): ScriptedReply {
  const text = JSON.stringify(answer);
  const reply = textReply(text);
  const body = reply.body as { candidates: Array<Record<string, unknown>> };
  body.candidates[0]!.groundingMetadata = {
    webSearchQueries: search.queries,
    searchEntryPoint: { renderedContent: '<div class="fake-search-entry"></div>' },
    groundingChunks: search.pages.map((p) => ({ web: { uri: p.uri, title: p.title } })),
    groundingSupports: search.supports.map((s) => {
      const inJson = JSON.stringify(s.text).slice(1, -1);
      const at = text.indexOf(inJson);
      if (at < 0) throw new Error(`fake gemini: "${s.text}" is not in the answer`);
      const startIndex = Buffer.byteLength(text.slice(0, at), 'utf8');
      return {
        segment: { startIndex, endIndex: startIndex + Buffer.byteLength(inJson, 'utf8'), text: inJson },
        groundingChunkIndices: s.pages,
        confidenceScores: s.pages.map(() => 0.9),
      };
    }),
  };
  return reply;
}

/** What Gemini 2.x answered to the google_search tool together with a response schema. */
export function searchWithSchemaRefusedReply(): ScriptedReply {
  return errorReply(400, 'INVALID_ARGUMENT', 'Unable to submit request because controlled generation is not supported with google_search tool.');
}
