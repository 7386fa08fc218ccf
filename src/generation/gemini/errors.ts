// How Gemini failures become the typed errors the queue acts on. Each message is the one sentence a user sees.
import { ApiError, type GenerateContentResponse } from '@google/genai';
import { PermanentError, RetryableError, TimeoutError, type AppError } from '../../errors.ts';

interface GeminiErrorBody {
  code?: number;
  message?: string;
  status?: string;
  details?: Array<{ '@type'?: string; retryDelay?: string; reason?: string }>;
}

/** The SDK puts the server's JSON error body, stringified, in ApiError.message. */
function errorBody(err: ApiError): GeminiErrorBody {
  try {
    const parsed = JSON.parse(err.message) as { error?: GeminiErrorBody };
    return parsed.error ?? {};
  } catch {
    return {};
  }
}

/** google.rpc.RetryInfo's retryDelay is a protobuf Duration in JSON form: "22s", "1.5s". */
export function retryDelayMs(body: GeminiErrorBody): number | undefined {
  const info = body.details?.find((d) => d['@type']?.endsWith('google.rpc.RetryInfo'));
  const m = info?.retryDelay ? /^(\d+(?:\.\d+)?)s$/.exec(info.retryDelay) : null;
  return m ? Math.round(Number(m[1]) * 1000) : undefined;
}

export interface ErrorContext {
  model: string;
  apiKey: string;
  baseUrl: string;
}

/** Gemini's own explanation, short and on one line, with the key blanked out should it ever appear. */
function detail(body: GeminiErrorBody, ctx: ErrorContext): string {
  let text = (body.message ?? '').replace(/\s+/g, ' ').trim();
  // A proxy's HTML error page says nothing a user can act on.
  if (text.startsWith('<')) return '';
  if (ctx.apiKey) text = text.split(ctx.apiKey).join('[redacted]');
  if (text.length > 160) text = `${text.slice(0, 157)}...`;
  return text ? ` ("${text.replace(/\.$/, '')}")` : '';
}

function hasReason(body: GeminiErrorBody, reason: string): boolean {
  return body.details?.some((d) => d.reason === reason) ?? false;
}

/** Maps an HTTP error from Gemini to a retryable or permanent error. */
export function fromApiError(err: ApiError, ctx: ErrorContext): AppError {
  const body = errorBody(err);
  const why = detail(body, ctx);
  const options = { cause: err };
  const status = err.status;
  if (status === 429) {
    return new RetryableError(
      `Gemini's rate limit or quota for GEMINI_API_KEY was reached${why}; wait, or raise the quota if it keeps happening.`,
      'gemini_rate_limited',
      retryDelayMs(body),
      options,
    );
  }
  if (status >= 500 || status === 408) {
    return new RetryableError(
      `Gemini had a temporary server problem (HTTP ${status})${why}; it usually passes within minutes.`,
      'gemini_unavailable',
      retryDelayMs(body),
      options,
    );
  }
  if (status === 401 || status === 403 || hasReason(body, 'API_KEY_INVALID')) {
    return new PermanentError(
      `Gemini refused the API key (HTTP ${status})${why}; check GEMINI_API_KEY and that the Gemini API is enabled for it.`,
      'gemini_auth',
      options,
    );
  }
  if (status === 404) {
    return new PermanentError(
      `Gemini has no model named "${ctx.model}"${why}; check GEMINI_MODEL (and GEMINI_API_VERSION).`,
      'gemini_model_not_found',
      options,
    );
  }
  if (status === 400 && body.status === 'FAILED_PRECONDITION') {
    return new PermanentError(
      `Gemini will not serve this request${why}; enable billing for the API key's project or use a key from a supported region.`,
      'gemini_bad_request',
      options,
    );
  }
  return new PermanentError(
    `Gemini rejected the request as invalid (HTTP ${status})${why}; check that GEMINI_MODEL supports JSON output and shorten the topic, keywords or feedback.`,
    status === 400 ? 'gemini_bad_request' : 'gemini_request_failed',
    options,
  );
}

/** fetch rejects with a TypeError whose cause is the socket error when the host cannot be reached. */
export function isNetworkError(err: unknown): boolean {
  return err instanceof TypeError && /fetch failed|network/i.test(err.message);
}

export function isAbortError(err: unknown): boolean {
  return err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError');
}

/** Classifies anything the SDK call threw. Returns undefined for errors that are bugs, to rethrow as they are. */
export function classifyCallError(err: unknown, ctx: ErrorContext & { timeoutMs: number }): AppError | undefined {
  if (err instanceof ApiError) return fromApiError(err, ctx);
  if (isAbortError(err)) return new TimeoutError('Writing the article with Gemini', ctx.timeoutMs);
  if (isNetworkError(err)) {
    return new RetryableError(
      `Gemini could not be reached at ${ctx.baseUrl}; check the network, or GEMINI_BASE_URL if it was changed.`,
      'gemini_unreachable',
      undefined,
      { cause: err },
    );
  }
  return undefined;
}

// ── Answers that came back with HTTP 200 but carry no usable article ───────────────────────────────────
const REASONS: Record<string, string> = {
  SAFETY: 'its safety filters flagged the content',
  PROHIBITED_CONTENT: 'the content is prohibited by its usage policy',
  BLOCKLIST: 'the text contains blocked terms',
  SPII: 'the text would contain sensitive personal information',
  RECITATION: 'the text would copy existing published text too closely',
  IMAGE_SAFETY: 'its safety filters flagged the content',
  OTHER: 'of an unspecified policy reason',
};

/** Finish reasons that mean the model stopped on purpose and asking again will not change it. */
const BLOCKING_FINISH = new Set(['SAFETY', 'PROHIBITED_CONTENT', 'BLOCKLIST', 'SPII', 'RECITATION', 'IMAGE_SAFETY']);

/** Throws when Gemini refused or returned nothing; otherwise returns the answer text (possibly truncated). */
export function answerText(response: GenerateContentResponse): { text: string; finishReason: string | undefined } {
  const block = response.promptFeedback?.blockReason;
  if (block) {
    const reason = REASONS[block] ?? REASONS.OTHER!;
    throw new PermanentError(
      `Gemini refused to write about this topic because ${reason} (${block}); change the topic or keywords and try again.`,
      'content_blocked',
    );
  }
  const candidate = response.candidates?.[0];
  const finishReason = candidate?.finishReason;
  if (finishReason && BLOCKING_FINISH.has(finishReason)) {
    throw new PermanentError(
      `Gemini stopped writing because ${REASONS[finishReason]} (${finishReason}); change the topic or keywords and try again.`,
      'content_blocked',
    );
  }
  // Thought parts are the model's reasoning, not the answer.
  const text = (candidate?.content?.parts ?? [])
    .filter((p) => !p.thought && typeof p.text === 'string')
    .map((p) => p.text)
    .join('');
  if (!text.trim()) {
    throw new PermanentError(
      `Gemini returned an empty answer${finishReason ? ` (finish reason ${finishReason})` : ''}; try again, or change the topic if it keeps happening.`,
      'empty_answer',
    );
  }
  return { text, finishReason };
}
