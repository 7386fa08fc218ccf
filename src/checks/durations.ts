// SEARCH_CHECK_DELAYS: comma-separated durations such as `1h,6h,24h` (ms, s, m, h, d), in increasing order.

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** The delays in ms, or the reason they are not usable. */
export function parseDelays(text: string): number[] | string {
  const parts = text.split(',').map((p) => p.trim());
  if (parts.length > 10) return 'takes at most 10 durations';
  const delays: number[] = [];
  for (const part of parts) {
    const m = part.match(/^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/);
    if (!m) return `"${part}" is not a duration like 30m, 1h or 2d`;
    const ms = Math.round(Number(m[1]) * UNIT_MS[m[2]!]!);
    if (ms <= 0) return `"${part}" must be longer than 0`;
    if (delays.length && ms <= delays[delays.length - 1]!) return 'must be in increasing order, like 1h,6h,24h';
    delays.push(ms);
  }
  return delays;
}
