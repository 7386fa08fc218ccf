// The words an image model is told: the slot's description, the account's style, and what a blog picture avoids.
import type { ImageRequest } from '../../image-shapes.ts';

export function imagePrompt(r: ImageRequest): string {
  return [
    `Create one photograph-like picture for a blog post: ${r.what.trim()}`,
    r.style?.trim() ? `Style: ${r.style.trim()}` : 'Style: natural light, realistic, clean composition.',
    `The readers read ${r.language || 'ko'}. No text, letters, logos, watermarks or borders in the picture; no recognisable real people.`,
  ].join('\n');
}
