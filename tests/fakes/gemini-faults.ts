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

/**
 * Every failure class the writer tells apart (its errorClass, or `timeout` for a hang), each with the
 * replies that lead to it.
 */
export const GEMINI_FAULTS: Record<string, Array<() => ScriptedReply>> = {
  gemini_rate_limited: [() => rateLimitedReply('1s')],
  gemini_unavailable: [
    () => errorReply(503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.'),
    () => errorReply(500, 'INTERNAL', 'An internal error has occurred.'),
    () => errorReply(504, 'DEADLINE_EXCEEDED', 'Deadline expired before operation could complete.'),
    () => ({ status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>' }),
  ],
  gemini_unreachable: [() => droppedReply()],
  timeout: [() => hangReply()],
  gemini_auth: [
    () => errorReply(403, 'PERMISSION_DENIED', "Method doesn't allow unregistered callers."),
    () =>
      errorReply(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', [
        { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com' },
      ]),
  ],
  gemini_model_not_found: [() => errorReply(404, 'NOT_FOUND', 'models/gemini-test-flash is not found for API version v1beta.')],
  gemini_bad_request: [
    () => errorReply(400, 'FAILED_PRECONDITION', 'User location is not supported for the API use.'),
    () => errorReply(400, 'INVALID_ARGUMENT', 'Request contains an invalid argument.'),
  ],
  gemini_request_failed: [() => errorReply(409, 'ABORTED', 'The request was aborted.')],
  content_blocked: [() => promptBlockedReply('PROHIBITED_CONTENT'), () => candidateBlockedReply('SAFETY'), () => candidateBlockedReply('RECITATION')],
  empty_answer: [() => emptyCandidateReply()],
  invalid_answer: [
    () => textReply('죄송합니다. 요청하신 글을 작성할 수 없습니다.'),
    () => jsonReply({ headline: 'no title field', paragraphs: ['...'] }),
    () => textReply('{"title":"성수동 카페 이야기","blocks":[{"type":"paragraph","text":"주말에', 'MAX_TOKENS'),
  ],
};

export interface ChaosOptions {
  /**
   * Share of calls (0–1) that fail, at random places: in every 10 calls exactly this share fails. The failure
   * classes take turns (in a shuffled order), each served in one of its ways at random.
   */
  failRate: number;
  /** Failure classes to use (default: all). */
  kinds?: readonly string[];
  /** Delay of every good answer, in ms. */
  delayMs?: number;
  /** Deterministic choices for a reproducible run (default Math.random). */
  random?: () => number;
}

export interface ChaosResponder extends Responder {
  /** How often each failure class was served. */
  served: Map<string, number>;
  options: ChaosOptions;
}

export function chaosResponder(options: ChaosOptions): ChaosResponder {
  const served = new Map<string, number>();
  let turn: string[] = [];
  let window: boolean[] = [];
  const responder = ((request: RecordedRequest): ScriptedReply => {
    const random = responder.options.random ?? Math.random;
    const kinds = responder.options.kinds ?? Object.keys(GEMINI_FAULTS);
    if (responder.options.failRate <= 0) window = [];
    else if (window.length === 0) {
      const failures = Math.round(responder.options.failRate * 10);
      window = Array.from({ length: 10 }, (_, i) => i < failures).sort(() => random() - 0.5);
    }
    if (window.shift() && kinds.length > 0) {
      if (turn.length === 0) turn = [...kinds].sort(() => random() - 0.5);
      const kind = turn.shift()!;
      served.set(kind, (served.get(kind) ?? 0) + 1);
      const ways = GEMINI_FAULTS[kind]!;
      return ways[Math.floor(random() * ways.length)]!();
    }
    const tag = tagOf(request) ?? 'R0-0';
    const reply = jsonReply(articleFor(tag), { modelVersion: 'gemini-test-flash-001' });
    return responder.options.delayMs ? { ...reply, delayMs: responder.options.delayMs } : reply;
  }) as ChaosResponder;
  responder.served = served;
  responder.options = options;
  return responder;
}
