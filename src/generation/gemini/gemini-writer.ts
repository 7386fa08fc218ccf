// The ArticleWriter behind the generation port: one Gemini call in JSON mode, validated, with one repair try;
// with search grounding when the account asks for it (see grounding.ts for why that is one call, not two).
import { ApiError, GoogleGenAI, type Content, type GenerateContentResponse } from '@google/genai';
import { PermanentError, TimeoutError } from '../../errors.ts';
import type { ArticleWriter, Grounding, TokenUsage, WriteRequest, WrittenArticle } from '../../ports.ts';
import { groundingOf, mergeGrounding, SEARCH_TOOL } from './grounding.ts';
import { readAnswer } from './answer.ts';
import { answerText, classifyCallError, type ErrorContext } from './errors.ts';
import { buildPrompt, buildRepairText, buildResearchText, withResearchNotes } from './prompt.ts';
import { articleJsonSchema } from './schema.ts';

export interface GeminiWriterOptions {
  apiKey: string;
  /** GEMINI_MODEL, e.g. `gemini-3.5-flash`. */
  model: string;
  /** GEMINI_BASE_URL; tests point it at a local fake. */
  baseUrl?: string;
  /** GEMINI_API_VERSION. Set explicitly because the SDK's default differs between majors. */
  apiVersion?: string;
  /** GENERATE_TIMEOUT_MS: the budget for a whole write() call, the repair try included. */
  timeoutMs: number;
}

export const DEFAULT_GEMINI_BASE_URL = 'https://generativelanguage.googleapis.com';
export const DEFAULT_GEMINI_API_VERSION = 'v1beta';

/** An answer that fails validation gets exactly one more try with the problem explained; then it fails. */
const MAX_TRIES = 2;

export function createGeminiWriter(options: GeminiWriterOptions): ArticleWriter {
  const baseUrl = options.baseUrl ?? DEFAULT_GEMINI_BASE_URL;
  const ai = new GoogleGenAI({
    apiKey: options.apiKey,
    // Pinned so GOOGLE_GENAI_USE_VERTEXAI in the environment cannot send requests elsewhere.
    vertexai: false,
    // No retryOptions: the queue owns retries, and two retry layers would multiply attempts and delays.
    httpOptions: { baseUrl, apiVersion: options.apiVersion ?? DEFAULT_GEMINI_API_VERSION },
  });
  const ctx: ErrorContext & { timeoutMs: number } = { model: options.model, apiKey: options.apiKey, baseUrl, timeoutMs: options.timeoutMs };
  const responseJsonSchema = articleJsonSchema();

  /** `json`: the article as JSON (the normal call); `search`: the google_search tool; both together on Gemini 3. */
  async function call(contents: Content[], systemInstruction: string, deadline: number, signal: AbortSignal, mode: { json: boolean; search: boolean }) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new TimeoutError('Writing the article with Gemini', options.timeoutMs);
    try {
      return await ai.models.generateContent({
        model: options.model,
        contents,
        config: {
          systemInstruction,
          ...(mode.json ? { responseMimeType: 'application/json', responseJsonSchema } : {}),
          ...(mode.search ? { tools: [SEARCH_TOOL] } : {}),
          abortSignal: signal,
          // The SDK aborts the HTTP request when this runs out and tells the server via X-Server-Timeout.
          httpOptions: { timeout: remaining },
        },
      });
    } catch (err) {
      // The caller's reason wins: it knows why it stopped us (shutdown, job cancelled, its own deadline).
      if (signal.aborted) throw signal.reason;
      throw classifyCallError(err, ctx) ?? err;
    }
  }

  async function write(request: WriteRequest, signal: AbortSignal): Promise<WrittenArticle> {
    signal.throwIfAborted();
    const deadline = Date.now() + options.timeoutMs;
    const prompt = buildPrompt(request);
    // The team's photos go along as small inline pictures, each after a line naming its slot.
    const photoParts = (request.images?.photos ?? []).flatMap((p) =>
      p.preview ? [{ text: `Photo for slot ${p.slot}:` }, { inlineData: { mimeType: p.preview.mimeType, data: Buffer.from(p.preview.bytes).toString('base64') } }] : [],
    );
    const contents: Content[] = [{ role: 'user', parts: [{ text: prompt.userText }, ...photoParts] }];
    let usage: TokenUsage = { promptTokens: 0, outputTokens: 0, totalTokens: 0 };
    let search = Boolean(request.account.grounding);
    let grounding: Grounding | undefined;
    for (let attempt = 1; ; attempt++) {
      let response: GenerateContentResponse;
      try {
        response = await call(contents, prompt.systemInstruction, deadline, signal, { json: true, search });
      } catch (err) {
        if (!search || !refusesSearchWithSchema(err)) throw err;
        // A model that cannot search and answer in JSON at once: search first (notes), then write from them.
        const research = await call([{ role: 'user', parts: [{ text: buildResearchText(request) }] }], prompt.systemInstruction, deadline, signal, { json: false, search: true });
        usage = addUsage(usage, research);
        grounding = groundingOf(research);
        contents[0] = { role: 'user', parts: [{ text: withResearchNotes(prompt.userText, answerText(research).text) }, ...photoParts] };
        search = false;
        attempt--;
        continue;
      }
      // Both tries are billed, so both are counted.
      usage = addUsage(usage, response);
      if (search) grounding = mergeGrounding(grounding, groundingOf(response));
      const { text, finishReason } = answerText(response);
      const result = readAnswer(text, request.account.defaultTags);
      if (result.ok) return { article: result.article, model: response.modelVersion || options.model, usage, ...(request.account.grounding ? { grounding: grounding ?? { queries: [], sources: [], supported: [] } } : {}) };
      const problem =
        finishReason === 'MAX_TOKENS' ? `it was cut off at the output length limit, so it must be shorter (${result.problem})` : result.problem;
      if (attempt >= MAX_TRIES) {
        throw new PermanentError(
          `Gemini's answer was not a usable article after ${MAX_TRIES} tries (${problem}); try again, or simplify the topic or feedback.`,
          'invalid_answer',
        );
      }
      signal.throwIfAborted();
      contents.push({ role: 'model', parts: [{ text }] }, { role: 'user', parts: [{ text: buildRepairText(problem) }] });
    }
  }

  return { write };
}

/** Gemini 2.x's answer to the google_search tool with a response schema (HTTP 400, INVALID_ARGUMENT). */
function refusesSearchWithSchema(err: unknown): boolean {
  const cause = err instanceof PermanentError ? err.cause : err;
  return cause instanceof ApiError && cause.status === 400 && /controlled generation|response_?schema|response_?mime_?type/i.test(cause.message) && /search|tool/i.test(cause.message);
}

function addUsage(sum: TokenUsage, response: GenerateContentResponse): TokenUsage {
  const u = response.usageMetadata;
  if (!u) return sum;
  const prompt = u.promptTokenCount ?? 0;
  // Thinking tokens are billed as output.
  const output = (u.candidatesTokenCount ?? 0) + (u.thoughtsTokenCount ?? 0);
  return {
    promptTokens: sum.promptTokens + prompt,
    outputTokens: sum.outputTokens + output,
    totalTokens: sum.totalTokens + (u.totalTokenCount ?? prompt + output),
  };
}
