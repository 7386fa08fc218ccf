// The fake NAVER's questions for a human, after the login form: the captcha (a fresh code each time it is
// shown, checked against the answer typed with the password), 2-step verification by a one-time code or by
// approving in the NAVER app (which the fake does by itself after a while), and the new-device question.
import { randomBytes, randomInt } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { esc } from './pages.ts';

export interface Captcha {
  code: string;
  round: number;
  question: string;
  /** The image NAVER shows, as a data: URL (an SVG with the code drawn in it). */
  image: string;
}

export interface FakeChallenges {
  /** The captcha last shown (null once answered right): what a person reads on the screen. */
  current: Captcha | null;
  /** Every captcha answer submitted, right or wrong. */
  captchaAnswers: string[];
  otpAnswers: string[];
  /** `save` / `dontsave`, as pressed on the new-device page. */
  deviceChoices: string[];
  /** Times the app approval went through. */
  appApprovals: number;
  nextCaptcha(): Captcha;
  captchaPassed(answer: string | null): boolean;
  startStep(res: ServerResponse, step: 'device' | 'two_step', username: string, returnUrl: string, loginBase: string): void;
  route(req: IncomingMessage, res: ServerResponse, url: URL, env: ChallengeEnv): Promise<boolean>;
}

export interface ChallengeEnv {
  loginBase: string;
  knobs: { twoStepKind: 'otp' | 'app'; otpCode: string; appApprovalAfterMs: number };
  readBody(req: IncomingMessage): Promise<string>;
  signIn(res: ServerResponse, username: string, returnUrl: string): void;
}

interface Pending {
  step: 'device' | 'two_step';
  username: string;
  returnUrl: string;
  /** When the 2-step page was first shown (the app approval counts from there). */
  shownAt: number | null;
}

const STEP_COOKIE = 'nid_step';

export function createChallenges(): FakeChallenges {
  const pending = new Map<string, Pending>();
  let round = 0;

  const pendingOf = (req: IncomingMessage): [string, Pending] | null => {
    const token = /(?:^|;\s*)nid_step=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    const p = token ? pending.get(token) : undefined;
    return token && p ? [token, p] : null;
  };

  const c: FakeChallenges = {
    current: null,
    captchaAnswers: [],
    otpAnswers: [],
    deviceChoices: [],
    appApprovals: 0,
    nextCaptcha() {
      round++;
      const code = Array.from({ length: 5 }, () => 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'[randomInt(32)]).join('');
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="70"><rect width="240" height="70" fill="#eef"/><text x="30" y="48" font-size="36" font-family="monospace" fill="#223">${code}</text></svg>`;
      c.current = { code, round, question: `아래 이미지의 문자 5개를 입력해 주세요. (${round})`, image: `data:image/svg+xml,${encodeURIComponent(svg)}` };
      return c.current;
    },
    captchaPassed(answer) {
      if (answer === null || !c.current) return false;
      c.captchaAnswers.push(answer);
      const ok = answer.trim().toUpperCase() === c.current.code;
      if (ok) c.current = null;
      return ok;
    },
    startStep(res, step, username, returnUrl, loginBase) {
      const token = randomBytes(12).toString('base64url');
      pending.set(token, { step, username, returnUrl, shownAt: null });
      res.writeHead(302, { location: `${loginBase}/login/ext/${step === 'device' ? 'deviceConfirm' : '2step'}`, 'set-cookie': `${STEP_COOKIE}=${token}; Path=/; HttpOnly` });
      res.end();
    },
    async route(req, res, url, env) {
      const path = url.pathname;
      if (!path.startsWith('/nid/login/ext/')) return false;
      const found = pendingOf(req);
      if (!found) return html(res, page('네이버', '<p class="message">로그인 정보가 없습니다.</p>'));
      const [token, p] = found;
      const done = () => {
        pending.delete(token);
        env.signIn(res, p.username, p.returnUrl);
      };
      if (path === '/nid/login/ext/deviceConfirm') {
        if (req.method !== 'POST') return html(res, devicePage(`${env.loginBase}/login/ext/deviceConfirm`));
        c.deviceChoices.push(new URLSearchParams(await env.readBody(req)).get('choice') ?? '');
        done();
        return true;
      }
      if (path === '/nid/login/ext/2step') {
        p.shownAt ??= Date.now();
        if (env.knobs.twoStepKind === 'app') return html(res, appPage(`${env.loginBase}/login/ext/2step/status`, `${env.loginBase}/login/ext/2step/complete`));
        if (req.method !== 'POST') return html(res, otpPage(`${env.loginBase}/login/ext/2step`, false));
        const code = new URLSearchParams(await env.readBody(req)).get('otp') ?? '';
        c.otpAnswers.push(code);
        if (code.trim() !== env.knobs.otpCode) return html(res, otpPage(`${env.loginBase}/login/ext/2step`, true));
        done();
        return true;
      }
      const approved = () => env.knobs.appApprovalAfterMs >= 0 && p.shownAt !== null && Date.now() - p.shownAt >= env.knobs.appApprovalAfterMs;
      if (path === '/nid/login/ext/2step/status') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ approved: approved() }));
        return true;
      }
      if (path === '/nid/login/ext/2step/complete' && approved()) {
        c.appApprovals++;
        done();
        return true;
      }
      return html(res, page('네이버', '<p class="message">잘못된 요청입니다.</p>'));
    },
  };
  return c;
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>${esc(title)}</title></head><body><div id="wrap">${body}</div></body></html>`;
}

function html(res: ServerResponse, body: string): true {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(body);
  return true;
}

function devicePage(action: string): string {
  return page(
    '네이버 : 새로운 환경',
    `<form method="post" action="${esc(action)}" class="device_confirm">
      <h2 class="title">새로운 환경에서 로그인 되었습니다.</h2>
      <p>자주 사용하는 기기라면 등록해 주세요. 등록하면 다음부터 알림 없이 로그인됩니다.</p>
      <button type="submit" name="choice" value="save" id="new.save" class="btn">등록</button>
      <button type="submit" name="choice" value="dontsave" id="new.dontsave" class="btn">등록안함</button></form>`,
  );
}

function otpPage(action: string, wrong: boolean): string {
  return page(
    '네이버 : 2단계 인증',
    `<form method="post" action="${esc(action)}" class="two_step_otp">
      <h2 class="title">2단계 인증</h2>
      <p id="otp_title">OTP 앱에 표시된 인증번호 6자리를 입력해 주세요.</p>
      <input type="text" id="otp" name="otp" placeholder="인증번호" maxlength="8">
      ${wrong ? '<p id="otp_error" class="error_message">인증번호가 일치하지 않습니다. 다시 입력해 주세요.</p>' : ''}
      <button type="submit" id="otp_confirm" class="btn_confirm">확인</button></form>`,
  );
}

function appPage(statusUrl: string, completeUrl: string): string {
  return page(
    '네이버 : 2단계 인증',
    `<div class="two_step_app"><h2 class="title">2단계 인증</h2>
      <p id="push_title">등록된 기기로 인증 알림을 보냈습니다. 네이버 앱에서 로그인 요청을 승인해 주세요.</p></div>
      <script>
        setInterval(async () => {
          const r = await fetch(${JSON.stringify(statusUrl)}).then((x) => x.json()).catch(() => ({}));
          if (r.approved) location.href = ${JSON.stringify(completeUrl)};
        }, 300);
      </script>`,
  );
}
