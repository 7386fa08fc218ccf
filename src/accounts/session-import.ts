// `/account session`: a Playwright storageState, or the cookie list a browser extension exports
// (EditThisCookie / Cookie-Editor style: expirationDate, sameSite "no_restriction", hostOnly ...).
import { z } from 'zod';
import { UserInputError } from '../errors.ts';

export interface StorageState {
  cookies: Array<{ name: string; value: string; domain: string; path: string; expires: number; httpOnly: boolean; secure: boolean; sameSite: 'Strict' | 'Lax' | 'None' }>;
  origins: Array<{ origin: string; localStorage: Array<{ name: string; value: string }> }>;
}

const cookieSchema = z.object({
  name: z.string().min(1),
  value: z.string(),
  domain: z.string().min(1),
  path: z.string().default('/'),
  expires: z.number().optional(),
  expirationDate: z.number().optional(),
  httpOnly: z.boolean().default(false),
  secure: z.boolean().default(false),
  sameSite: z.string().optional(),
});

function sameSite(v: string | undefined): 'Strict' | 'Lax' | 'None' {
  const s = (v ?? '').toLowerCase();
  if (s === 'strict') return 'Strict';
  if (s === 'none' || s === 'no_restriction') return 'None';
  return 'Lax';
}

/** `hosts`: the NAVER hosts a session must have cookies for (naver.com, or a proxy's host). */
export function normaliseSession(json: unknown, hosts: readonly string[] = ['naver.com']): StorageState {
  const list = Array.isArray(json) ? json : (json as { cookies?: unknown } | null)?.cookies;
  if (!Array.isArray(list)) throw new UserInputError('The file is not a browser session: upload a Playwright storageState or a cookie-list JSON export.', '브라우저 세션 파일이 아닙니다. Playwright storageState나 쿠키 목록 JSON을 올려 주세요.');
  const cookies = list.map((c, i) => {
    const parsed = cookieSchema.safeParse(c);
    if (!parsed.success) throw new UserInputError(`Cookie ${i + 1} in the file is not valid (${parsed.error.issues[0]!.path.join('.') || 'cookie'}: ${parsed.error.issues[0]!.message}).`, `파일의 ${i + 1}번째 쿠키가 올바르지 않습니다(${parsed.error.issues[0]!.path.join('.') || 'cookie'}: ${parsed.error.issues[0]!.message}).`);
    const p = parsed.data;
    return { name: p.name, value: p.value, domain: p.domain, path: p.path, expires: p.expires ?? p.expirationDate ?? -1, httpOnly: p.httpOnly, secure: p.secure, sameSite: sameSite(p.sameSite) };
  });
  const forNaver = (domain: string) => hosts.some((h) => domain.replace(/^\./, '') === h || domain.endsWith(`.${h}`));
  if (!cookies.some((c) => forNaver(c.domain))) {
    throw new UserInputError('The file has no naver.com cookies: export the session while logged in to NAVER.', '파일에 naver.com 쿠키가 없습니다. 네이버에 로그인한 상태에서 세션을 내보내 주세요.');
  }
  const origins = Array.isArray((json as { origins?: unknown } | null)?.origins) ? ((json as { origins: StorageState['origins'] }).origins) : [];
  return { cookies, origins };
}
