// Every way a Gemini call can go wrong that the writer tells apart (src/generation/errors.ts and answer.ts),
// as replies of the fake, plus a responder that writes a fitting article for each request and fails a given
// share of calls at random. The article's title carries the request's tag (e.g. `R1-07`), so a post on the
// fake NAVER can be traced back to the request that asked for it.
import {
  candidateBlockedReply,
  droppedReply,
  emptyCandidateReply,
  errorReply,
  hangReply,
  jsonReply,
  promptBlockedReply,
  rateLimitedReply,
  textReply,
  type RecordedRequest,
  type Responder,
  type ScriptedReply,
} from './fake-gemini.ts';

/** Tags look like R<scenario>-<number>; the first one in the prompt names the post. */
export const TAG = /R\d+-\d+/;

export function tagOf(request: RecordedRequest): string | null {
  return JSON.stringify(request.body).match(TAG)?.[0] ?? null;
}

export function articleFor(tag: string) {
  return {
    title: `${tag} 성수동 카페 이야기`,
    blocks: [
      { type: 'paragraph', text: `${tag} 주말에 성수동 카페 세 곳을 다녀왔습니다.` },
      { type: 'heading', text: '첫 번째 카페' },
      { type: 'list', ordered: false, items: ['라떼가 진해요', '창가 자리가 좋아요'] },
      { type: 'paragraph', text: '다음에는 베이커리도 가 보려고 합니다.' },
    ],
    tags: ['성수카페', '카페투어'],
  };
}

/** One reply per failure class the writer distinguishes; retryable ones first. */
export const GEMINI_FAULTS: Record<string, () => ScriptedReply> = {
  rate_limited: () => rateLimitedReply('1s'),
  unavailable_503: () => errorReply(503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.'),
  internal_500: () => errorReply(500, 'INTERNAL', 'An internal error has occurred.'),
  deadline_504: () => errorReply(504, 'DEADLINE_EXCEEDED', 'Deadline expired before operation could complete.'),
  proxy_html_502: () => ({ status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>' }),
  connection_dropped: () => droppedReply(),
  hang: () => hangReply(),
  auth_403: () => errorReply(403, 'PERMISSION_DENIED', 'Method doesn\'t allow unregistered callers.'),
  key_invalid_400: () =>
    errorReply(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', [
      { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com' },
    ]),
  model_404: () => errorReply(404, 'NOT_FOUND', 'models/gemini-test-flash is not found for API version v1beta.'),
  precondition_400: () => errorReply(400, 'FAILED_PRECONDITION', 'User location is not supported for the API use.'),
  invalid_argument_400: () => errorReply(400, 'INVALID_ARGUMENT', 'Request contains an invalid argument.'),
  conflict_409: () => errorReply(409, 'ABORTED', 'The request was aborted.'),
  prompt_blocked: () => promptBlockedReply('PROHIBITED_CONTENT'),
  candidate_blocked: () => candidateBlockedReply('SAFETY'),
  recitation: () => candidateBlockedReply('RECITATION'),
  empty_answer: () => emptyCandidateReply(),
  not_json: () => textReply('죄송합니다. 요청하신 글을 작성할 수 없습니다.'),
  schema_mismatch: () => jsonReply({ headline: 'no title field', paragraphs: ['...'] }),
  truncated: () => textReply('{"title":"성수동 카페 이야기","blocks":[{"type":"paragraph","text":"주말에', 'MAX_TOKENS'),
};

export interface ChaosOptions {
  /** Share of calls (0–1) that fail, each in a randomly chosen way. */
  failRate: number;
  /** Failure kinds to draw from (default: all). */
  kinds?: readonly string[];
  /** Delay of every good answer, in ms. */
  delayMs?: number;
  /** Deterministic choices for a reproducible run (default Math.random). */
  random?: () => number;
}

export interface ChaosResponder extends Responder {
  /** How often each failure kind was served. */
  served: Map<string, number>;
  options: ChaosOptions;
}

export function chaosResponder(options: ChaosOptions): ChaosResponder {
  const served = new Map<string, number>();
  const responder = ((request: RecordedRequest): ScriptedReply => {
    const random = responder.options.random ?? Math.random;
    const kinds = responder.options.kinds ?? Object.keys(GEMINI_FAULTS);
    if (kinds.length > 0 && random() < responder.options.failRate) {
      const kind = kinds[Math.floor(random() * kinds.length)]!;
      served.set(kind, (served.get(kind) ?? 0) + 1);
      return GEMINI_FAULTS[kind]!();
    }
    const tag = tagOf(request) ?? 'R0-0';
    const reply = jsonReply(articleFor(tag), { modelVersion: 'gemini-test-flash-001' });
    return responder.options.delayMs ? { ...reply, delayMs: responder.options.delayMs } : reply;
  }) as ChaosResponder;
  responder.served = served;
  responder.options = options;
  return responder;
}
