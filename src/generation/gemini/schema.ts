// The JSON schema Gemini is asked to answer in, derived from the zod schema that later validates the answer,
// so the two cannot drift apart.
import { z } from 'zod';
import { articleSchema } from '../../article.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Keywords kept. Gemini's structured output understands a subset of JSON Schema and rejects or ignores the
 * rest; string length and pattern rules are left to zod, which checks every answer anyway.
 */
const KEPT = new Set([
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'anyOf',
  'enum',
  'minItems',
  'maxItems',
  'description',
]);

function simplify(node: Json): Json {
  if (Array.isArray(node)) return node.map(simplify);
  if (node === null || typeof node !== 'object') return node;
  const out: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties' && value && typeof value === 'object' && !Array.isArray(value)) {
      // Property names are data here, not keywords: keep every one of them.
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, simplify(sub)]));
    } else if (key === 'oneOf') {
      // Gemini supports anyOf but not oneOf; the block variants are disjoint by `type`, so they mean the same.
      out.anyOf = simplify(value);
    } else if (key === 'const') {
      out.enum = [value];
    } else if (KEPT.has(key)) {
      out[key] = simplify(value);
    }
  }
  return out;
}

/** The article schema as plain JSON Schema for `responseJsonSchema`. */
export function articleJsonSchema(): Record<string, unknown> {
  const raw = z.toJSONSchema(articleSchema, { io: 'output', unrepresentable: 'any' }) as Json;
  return simplify(raw) as Record<string, unknown>;
}
