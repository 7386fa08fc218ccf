// What a draft's preview shows on its card: taken when, and whether the draft has changed since. A preview
// remembers a fingerprint of what it filled in (title, body, tags, category, visibility); Edit and Regenerate
// change the draft, so the fingerprint no longer matches and the card marks the old preview out of date.
import { createHash } from 'node:crypto';
import type { DraftPreviewState } from '../ports.ts';

export interface PreviewRow {
  status: string;
  takenAt: Date | null;
  fingerprint: string | null;
  failedStep: string | null;
  errorClass: string | null;
}

interface Fingerprinted {
  title: string | null;
  body: unknown;
  tags: string[];
  account: { visibility: string; category: string | null };
}

export function previewFingerprint(d: Fingerprinted): string {
  const what = JSON.stringify([d.title, d.body, d.tags, d.account.visibility, d.account.category]);
  return createHash('sha256').update(what).digest('hex').slice(0, 32);
}

export function previewStateOf(d: Fingerprinted & { preview?: PreviewRow | null }): DraftPreviewState | null {
  const p = d.preview;
  if (!p) return null;
  const status = p.status === 'done' || p.status === 'failed' ? p.status : 'queued';
  return {
    status,
    takenAt: p.takenAt,
    stale: p.fingerprint !== null && p.fingerprint !== previewFingerprint(d),
    failedStep: p.failedStep,
    errorClass: p.errorClass,
  };
}
