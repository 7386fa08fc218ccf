// Grounding with Google Search: the tool the writer asks for, and what the answer's groundingMetadata says
// (the queries Gemini ran, the pages it used, and which passages of its answer those pages support).
//
// One call does both search and JSON: Gemini 3 models accept the google_search tool together with a response
// schema (ai.google.dev, structured output: "Gemini 3 lets you combine Structured Outputs with built-in tools,
// including Grounding with Google Search"). Gemini 2.x refused that pair with HTTP 400 ("controlled generation
// is not supported with google_search tool"); for such a model the writer falls back to two steps, see
// gemini-writer.ts.
import type { GenerateContentResponse, Tool } from '@google/genai';
import type { Grounding } from '../../ports.ts';

export const SEARCH_TOOL: Tool = { googleSearch: {} };

/** The grounding of candidate 0, or undefined when the answer carries none. */
export function groundingOf(response: GenerateContentResponse): Grounding | undefined {
  const meta = response.candidates?.[0]?.groundingMetadata;
  if (!meta) return undefined;
  const seen = new Set<string>();
  const sources = [];
  for (const chunk of meta.groundingChunks ?? []) {
    const url = chunk.web?.uri;
    if (!url || !/^https?:\/\//.test(url) || seen.has(url)) continue;
    seen.add(url);
    sources.push({ title: (chunk.web?.title ?? chunk.web?.domain ?? url).trim() || url, url });
  }
  const supported = (meta.groundingSupports ?? [])
    .filter((s) => (s.groundingChunkIndices?.length ?? 0) > 0)
    .map((s) => unescapeJsonText(s.segment?.text ?? ''))
    .filter((t) => t.trim().length > 0);
  return { queries: meta.webSearchQueries ?? [], sources, supported };
}

/** In JSON mode a segment is a piece of the JSON text: its escapes (\", \n) are not in the article. */
function unescapeJsonText(text: string): string {
  return text.replace(/\\(["\\/nrt])/g, (_m, c: string) => ({ n: '\n', r: '', t: ' ' })[c] ?? c);
}

/** Two answers' grounding together (the writer's one repair try is grounded too). */
export function mergeGrounding(a: Grounding | undefined, b: Grounding | undefined): Grounding | undefined {
  if (!a || !b) return a ?? b;
  const urls = new Set(a.sources.map((s) => s.url));
  return {
    queries: [...new Set([...a.queries, ...b.queries])],
    sources: [...a.sources, ...b.sources.filter((s) => !urls.has(s.url))],
    supported: [...a.supported, ...b.supported],
  };
}
