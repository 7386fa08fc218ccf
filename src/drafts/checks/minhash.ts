// MinHash signatures of a post's text and their LSH band keys, for the originality check.
// Why not pg_trgm: similarity() over 5,000 posts of ~2,000 characters each took 5.7 s on this server (it
// rebuilds both trigram sets for every row). A 126-number signature per post, with a GIN index on its band
// keys, finds the few candidates in milliseconds and works on any script (Hangul included): shingles are
// characters, not words.

/** Characters per shingle. Three Hangul syllables are about a word; shorter shingles match every Korean text. */
const SHINGLE = 3;
/** 42 bands of 3 rows: two posts with Jaccard similarity 0.4 share a band 94% of the time, 0.5: 99.6%, 0.1: 4%. */
export const BANDS = 42;
export const ROWS = 3;
export const SIGNATURE_LENGTH = BANDS * ROWS;

/** Lower case, letters and digits only: spacing, punctuation and line breaks do not make a post original. */
export function normalizeForSimilarity(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** murmur3's finaliser: a cheap, well-mixed 32-bit permutation. */
function mix(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

const SEEDS = Array.from({ length: SIGNATURE_LENGTH }, (_, i) => mix(0x9e3779b9 + i * 0x632be5ab));

/** The signature: for each of the hash functions, the smallest hash over the text's shingles (signed int4s). */
export function minhash(text: string): number[] {
  const norm = normalizeForSimilarity(text);
  const shingles = new Set<number>();
  if (norm.length > 0 && norm.length < SHINGLE) shingles.add(fnv1a(norm));
  for (let i = 0; i + SHINGLE <= norm.length; i++) shingles.add(fnv1a(norm.slice(i, i + SHINGLE)));
  if (shingles.size === 0) return [];
  const sig = new Array<number>(SIGNATURE_LENGTH).fill(0xffffffff);
  for (const s of shingles) {
    for (let k = 0; k < SIGNATURE_LENGTH; k++) {
      const h = mix(s ^ SEEDS[k]!);
      if (h < sig[k]!) sig[k] = h;
    }
  }
  return sig.map((h) => h | 0);
}

/** One key per band (its rows hashed together with the band's number), so equal rows of other bands never match. */
export function lshBands(signature: readonly number[]): number[] {
  if (signature.length !== SIGNATURE_LENGTH) return [];
  const keys: number[] = [];
  for (let b = 0; b < BANDS; b++) {
    let h = mix(0x51ed27 + b);
    for (let r = 0; r < ROWS; r++) h = mix(h ^ (signature[b * ROWS + r]! >>> 0));
    keys.push(h | 0);
  }
  return keys;
}

/** Estimated Jaccard similarity of the two texts' shingle sets: the share of equal signature positions. */
export function estimateSimilarity(a: readonly number[], b: readonly number[]): number {
  if (a.length !== SIGNATURE_LENGTH || b.length !== SIGNATURE_LENGTH) return 0;
  let same = 0;
  for (let i = 0; i < SIGNATURE_LENGTH; i++) if (a[i] === b[i]) same++;
  return same / SIGNATURE_LENGTH;
}
