// A fake NAVER on 127.0.0.1: the login host under /nid and the blog host under /blog of one node:http server
// (so NAVER's shared .naver.com cookies keep working). It stores what the editor really sent, so tests can
// assert on the published post, and it has knobs for the failure modes in the research note.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo, Socket } from 'node:net';
import type { Block } from '../../../src/article.ts';
import type { Visibility } from '../../../src/ports.ts';
import { loginPage, messagePage, postFramePage, postListPage, postViewPage, writePage } from './pages.ts';
import { createChallenges, type FakeChallenges } from './challenges.ts';
import { createPhotoServer, type FakeUpload, type PostedImage, type SeImage, type UploadFailure } from './photos.ts';

export type { FakeUpload, PostedImage, UploadFailure };
/** A stored post's body: text blocks as the article has them, pictures as the image components NAVER got. */
export type FakeBlock = Exclude<Block, { type: 'image' }> | PostedImage;

export type { Block, Visibility };

export interface FakeUser {
  username: string;
  password: string;
  blogId: string;
}

export interface FakePost {
  logNo: string;
  blogId: string;
  title: string;
  blocks: FakeBlock[];
  tags: string[];
  category: string;
  visibility: Visibility | 'both_neighbors';
  /** Whether the strikethrough toolbar button was left on. */
  strikethrough: boolean;
  createdAt: Date;
  /** Deleted (or blocked) after publishing: nobody can open it any more. */
  deleted?: boolean;
}

export interface FakeNaverKnobs {
  /** What a correct username and password lead to. */
  loginMode: 'success' | 'captcha' | 'new_device' | 'two_step';
  /** The write page accepts the connection and never answers. */
  writePageHangs: boolean;
  /** After the final click: store the post, then never answer (`hang`) or cut the answer short (`drop`). */
  crashAfterSubmit: 'no' | 'hang' | 'drop';
  /** RabbitWrite answers isSuccess:false with this message (and stores nothing). */
  rejectPublish: string | null;
  /** Delay before the draft-restore popup appears after load; negative for no popup. */
  draftPopupDelayMs: number;
  /** After a successful publish the editor stays on the write page (NAVER normally goes to the new post). */
  stayAfterPublish: boolean;
  /** Delay before the write page is answered. */
  writePageDelayMs: number;
  listDelayMs: number;
  /** The post list answers HTTP 500. */
  listBroken: boolean;
  /** Share of write pages (0–1, drawn per request) that are never answered: a browser stuck loading. */
  writePageHangRate: number;
  /** Share of publishes (0–1, drawn per request) stored and then never answered: stuck after the click. */
  afterSubmitHangRate: number;
  /** The publish layer's tag field: as NAVER ships it, without its id (only a fallback selector finds it), or renamed (new id, class and placeholder). */
  tagField: 'standard' | 'no_id' | 'renamed';
  /** 2-step verification (loginMode two_step): by a code typed in (`otp`) or by approving in the app (`app`). */
  twoStepKind: 'otp' | 'app';
  /** The one-time code the OTP step accepts. */
  otpCode: string;
  /** How long after the 2-step page opens the app approval arrives (`app`); negative: never. */
  appApprovalAfterMs: number;
  /** The photo server answers uploads with an error or cuts them short (all of them, or one file name's). */
  uploadFailure: UploadFailure;
  /** The image component offers NAVER's "AI 활용" label (false: an editor without it). */
  aiLabel: boolean;
}

/** A temporary post: the editor's autosave (one per blog, replaced) or one saved with the 저장 button. */
export interface FakeTempPost {
  blogId: string;
  kind: 'autosave' | 'saved';
  title: string;
  savedAt: Date;
}

/** Lets a test act at the moments that matter; `clientPort` is the browser connection's port. */
export interface FakeNaverHooks {
  /** A write page is about to be served (the editor opens). */
  writePage?: (blogId: string, clientPort: number) => void;
  /** A post was stored; awaited before NAVER answers the click. */
  afterStore?: (post: FakePost, clientPort: number) => Promise<void> | void;
}

export interface FakeNaver {
  baseUrl: string;
  /** Pass as NAVER_BLOG_URL. */
  blogUrl: string;
  /** Pass as NAVER_LOGIN_URL. */
  loginUrl: string;
  knobs: FakeNaverKnobs;
  hooks: FakeNaverHooks;
  posts: FakePost[];
  /** Post views answered (the framed page and PostView), with whether the visitor had a session. */
  postViews: Array<{ path: string; loggedIn: boolean }>;
  /** Temporary posts NAVER keeps (autosaves and 저장); publishing removes the blog's autosave. */
  tempPosts: FakeTempPost[];
  /** Every request to the login host, page views included. */
  loginRequests: number;
  /** Submitted login forms. */
  loginSubmissions: number;
  /** Write pages served with the editor. */
  writePagesServed: number;
  /** Photos on the photo server, in upload order (those of posts and those no post uses). */
  readonly uploads: FakeUpload[];
  /** Upload requests received (answered, failed or cut). */
  readonly uploadRequests: number;
  addUser(user: FakeUser): void;
  setCategories(blogId: string, names: string[]): void;
  /** Every cookie value ever handed out, to check none of them leaks anywhere. */
  issuedCookieValues(): string[];
  /** Forget every session: the next visit with old cookies is sent to the login form. */
  expireSessions(): void;
  /** The captcha, 2-step and new-device screens and what they were answered (challenges.ts). */
  challenges: FakeChallenges;
  close(): Promise<void>;
}

const DEFAULT_KNOBS: FakeNaverKnobs = {
  loginMode: 'success',
  writePageHangs: false,
  crashAfterSubmit: 'no',
  rejectPublish: null,
  draftPopupDelayMs: 300,
  stayAfterPublish: false,
  writePageDelayMs: 0,
  listDelayMs: 0,
  listBroken: false,
  writePageHangRate: 0,
  afterSubmitHangRate: 0,
  tagField: 'standard',
  twoStepKind: 'otp',
  otpCode: '246810',
  appApprovalAfterMs: 1_500,
  uploadFailure: null,
  aiLabel: true,
};

const OPEN_TYPES: Record<number, FakePost['visibility']> = { 2: 'public', 1: 'neighbors', 3: 'both_neighbors', 0: 'private' };

export async function startFakeNaver(knobs: Partial<FakeNaverKnobs> = {}): Promise<FakeNaver> {
  const users = new Map<string, FakeUser>();
  const sessions = new Map<string, { aut: string; username: string }>();
  const categories = new Map<string, Array<{ id: number; name: string }>>();
  const issued: string[] = [];
  const sockets = new Set<Socket>();
  let nextLogNo = 223_400_000_000;

  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain', String(err));
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const blogBase = `${baseUrl}/blog`;
  const loginBase = `${baseUrl}/nid`;
  const photos = createPhotoServer(baseUrl, () => fake.knobs.uploadFailure);

  const fake: FakeNaver = {
    baseUrl,
    blogUrl: blogBase,
    loginUrl: loginBase,
    knobs: { ...DEFAULT_KNOBS, ...knobs },
    hooks: {},
    posts: [],
    postViews: [],
    tempPosts: [],
    loginRequests: 0,
    loginSubmissions: 0,
    writePagesServed: 0,
    get uploads() {
      return photos.uploads;
    },
    get uploadRequests() {
      return photos.uploadRequests;
    },
    addUser: (u) => users.set(u.username, u),
    setCategories: (blogId, names) => categories.set(blogId, names.map((name, i) => ({ id: i + 1, name }))),
    issuedCookieValues: () => [...issued],
    expireSessions: () => sessions.clear(),
    challenges: createChallenges(),
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const categoriesOf = (blogId: string) =>
    categories.get(blogId) ?? [
      { id: 1, name: '게시판' },
      { id: 6, name: '일상' },
      { id: 7, name: '리뷰' },
    ];

  function userOf(req: IncomingMessage): FakeUser | null {
    const cookies = Object.fromEntries(
      (req.headers.cookie ?? '').split(/;\s*/).filter(Boolean).map((c) => {
        const i = c.indexOf('=');
        return [c.slice(0, i), c.slice(i + 1)];
      }),
    );
    const s = cookies.NID_SES ? sessions.get(cookies.NID_SES) : undefined;
    if (!s || s.aut !== cookies.NID_AUT) return null;
    return users.get(s.username) ?? null;
  }

  function redirectToLogin(res: ServerResponse, returnUrl: string): void {
    redirect(res, `${loginBase}/nidlogin.login?mode=form&url=${encodeURIComponent(returnUrl)}`);
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', baseUrl);
    const path = url.pathname;
    if (path.startsWith('/nid/')) {
      fake.loginRequests++;
      return routeLogin(req, res, url);
    }
    if (await photos.route(req, res, url, userOf(req)?.blogId ?? null)) return;
    if (!path.startsWith('/blog/')) return send(res, 404, 'text/html', messagePage('404', 'Not found'));
    const user = userOf(req);

    const write = path.match(/^\/blog\/([^/]+)\/postwrite$/);
    if (write && req.method === 'GET') {
      if (fake.knobs.writePageHangs || Math.random() < fake.knobs.writePageHangRate) return; // never answered; close() destroys the socket
      if (fake.knobs.writePageDelayMs) await sleep(fake.knobs.writePageDelayMs);
      const blogId = decodeURIComponent(write[1]!);
      if (!user) return redirectToLogin(res, url.toString());
      if (user.blogId !== blogId) return send(res, 403, 'text/html', messagePage('권한 없음', '글쓰기 권한이 없습니다.'));
      fake.writePagesServed++;
      fake.hooks.writePage?.(blogId, req.socket.remotePort ?? 0);
      return send(
        res,
        200,
        'text/html',
        writePage({
          blogId,
          categories: categoriesOf(blogId),
          draftPopupDelayMs: fake.knobs.draftPopupDelayMs,
          stayAfterPublish: fake.knobs.stayAfterPublish,
          rabbitWriteUrl: `${blogBase}/RabbitWrite.naver`,
          autoSaveUrl: `${blogBase}/RabbitAutoSaveWrite.naver`,
          tempSaveUrl: `${blogBase}/RabbitTempPostWrite.naver`,
          tagField: fake.knobs.tagField,
          photo: { ...photos.editorConfig(), aiLabel: fake.knobs.aiLabel },
        }),
      );
    }
    if ((path === '/blog/RabbitAutoSaveWrite.naver' || path === '/blog/RabbitTempPostWrite.naver') && req.method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      const blogId = form.get('blogId') ?? '';
      if (!user || user.blogId !== blogId) return json(res, { isSuccess: false, message: '로그인이 필요합니다.' });
      const kind = path === '/blog/RabbitAutoSaveWrite.naver' ? 'autosave' : 'saved';
      if (kind === 'autosave') fake.tempPosts = fake.tempPosts.filter((t) => !(t.blogId === blogId && t.kind === 'autosave'));
      fake.tempPosts.push({ blogId, kind, title: form.get('title') ?? '', savedAt: new Date() });
      return json(res, { isSuccess: true, result: { autoSaved: kind === 'autosave' } });
    }
    if (path === '/blog/RabbitWrite.naver' && req.method === 'POST') return rabbitWrite(req, res, user);
    if (path === '/blog/PostList.naver') return postList(res, url, user);

    // Like NAVER: blog.naver.com/{id}/{logNo} is a frame around iframe#mainFrame, which loads PostView.naver.
    const framed = path.match(/^\/blog\/([^/]+)\/(\d+)$/);
    if (framed) {
      fake.postViews.push({ path, loggedIn: user !== null });
      const inner = `${blogBase}/PostView.naver?blogId=${encodeURIComponent(decodeURIComponent(framed[1]!))}&logNo=${framed[2]}&redirect=Dlog&widgetTypeCall=true`;
      return send(res, 200, 'text/html', postFramePage(decodeURIComponent(framed[1]!), inner));
    }
    if (path === '/blog/PostView.naver') {
      fake.postViews.push({ path, loggedIn: user !== null });
      const post = fake.posts.find((p) => p.blogId === url.searchParams.get('blogId') && p.logNo === url.searchParams.get('logNo'));
      if (!post || post.deleted) return send(res, 404, 'text/html', messagePage('오류', '삭제되었거나 존재하지 않는 게시물입니다.'));
      // A post others may not read: NAVER answers with a notice page, not an error status.
      if (post.visibility !== 'public' && user?.blogId !== post.blogId) return send(res, 200, 'text/html', messagePage('네이버 블로그', '비공개 글입니다. 작성자만 볼 수 있습니다.'));
      return send(res, 200, 'text/html', postViewPage(post));
    }
    return send(res, 404, 'text/html', messagePage('404', 'Not found'));
  }

  async function routeLogin(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const action = `${loginBase}/nidlogin.login`;
    const ext = await fake.challenges.route(req, res, url, { loginBase, knobs: fake.knobs, readBody, signIn });
    if (ext) return;
    if (url.pathname !== '/nid/nidlogin.login') return send(res, 404, 'text/html', messagePage('404', 'Not found'));
    if (req.method !== 'POST') {
      return send(res, 200, 'text/html', loginPage({ action, returnUrl: url.searchParams.get('url') ?? '', screen: 'form' }));
    }
    fake.loginSubmissions++;
    const form = new URLSearchParams(await readBody(req));
    const returnUrl = form.get('url') ?? '';
    // Like NAVER, the form comes back with the id still filled in.
    const screen = (s: 'wrong_password' | 'captcha') =>
      send(res, 200, 'text/html', loginPage({ action, returnUrl, screen: s, id: form.get('id') ?? '', captcha: s === 'captcha' ? fake.challenges.nextCaptcha() : undefined }));
    // A captcha that was shown must be answered right (with the password typed again) before anything else.
    const captchaPassed = fake.challenges.captchaPassed(form.get('captcha'));
    if (form.get('keys') !== 'id,pw' || (fake.knobs.loginMode === 'captcha' && !captchaPassed)) return screen('captcha');
    const user = users.get(form.get('id') ?? '');
    if (!user || user.password !== form.get('pw')) return screen('wrong_password');
    if (fake.knobs.loginMode === 'new_device') return fake.challenges.startStep(res, 'device', user.username, returnUrl, loginBase);
    if (fake.knobs.loginMode === 'two_step') return fake.challenges.startStep(res, 'two_step', user.username, returnUrl, loginBase);
    return signIn(res, user.username, returnUrl);
  }

  /** Hands out the session cookies of `username` and sends the browser on to `returnUrl`. */
  function signIn(res: ServerResponse, username: string, returnUrl: string): void {
    const user = users.get(username)!;
    const aut = randomBytes(24).toString('base64url');
    const ses = randomBytes(48).toString('base64url');
    issued.push(aut, ses);
    sessions.set(ses, { aut, username: user.username });
    res.setHeader('Set-Cookie', [
      `NID_AUT=${aut}; Path=/; HttpOnly`,
      `NID_SES=${ses}; Path=/; HttpOnly`,
      `nid_inf=${Date.now()}; Path=/`,
    ]);
    return redirect(res, returnUrl.startsWith(blogBase) ? returnUrl : `${blogBase}/`);
  }

  async function rabbitWrite(req: IncomingMessage, res: ServerResponse, user: FakeUser | null): Promise<void> {
    const form = new URLSearchParams(await readBody(req));
    const blogId = form.get('blogId') ?? '';
    if (!user || user.blogId !== blogId) return json(res, { isSuccess: false, message: '로그인이 필요합니다.' });
    if (fake.knobs.rejectPublish) return json(res, { isSuccess: false, message: fake.knobs.rejectPublish });
    const doc = JSON.parse(form.get('documentModel') ?? '{}') as DocumentModel;
    const population = JSON.parse(form.get('populationParams') ?? '{}') as PopulationParams;
    const components = doc.document?.components ?? [];
    const logNo = String(nextLogNo++);
    const category = categoriesOf(blogId).find((c) => c.id === population.populationMeta?.categoryId);
    const post: FakePost = {
      logNo,
      blogId,
      title: components.find((c) => c['@ctype'] === 'documentTitle')?.value.map(textOfParagraph).join('') ?? '',
      blocks: components.flatMap((c) => (c['@ctype'] === 'image' ? [photos.toPosted(c as unknown as SeImage)] : toBlock(c))),
      tags: (population.populationMeta?.tags ?? '').split(',').filter(Boolean),
      category: category?.name ?? '(unknown)',
      visibility: OPEN_TYPES[population.configuration?.openType ?? -1] ?? 'public',
      strikethrough: population.populationMeta?.strikethrough === true,
      createdAt: new Date(),
    };
    fake.posts.push(post);
    // A published post is no longer a draft in progress: NAVER drops the blog's autosave.
    fake.tempPosts = fake.tempPosts.filter((t) => !(t.blogId === blogId && t.kind === 'autosave'));
    await fake.hooks.afterStore?.(post, req.socket.remotePort ?? 0);
    if (fake.knobs.crashAfterSubmit === 'hang' || Math.random() < fake.knobs.afterSubmitHangRate) return;
    if (fake.knobs.crashAfterSubmit === 'drop') {
      // Cut the answer after its headers. (A socket closed before any byte makes Chromium silently re-send
      // the POST on a fresh connection, which would store the post twice.)
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': '400' });
      res.write('{"isSuccess":tr');
      setTimeout(() => res.socket?.destroy(), 50);
      return;
    }
    return json(res, {
      isSuccess: true,
      result: { redirectUrl: `${blogBase}/PostView.naver?blogId=${encodeURIComponent(blogId)}&logNo=${logNo}` },
    });
  }

  async function postList(res: ServerResponse, url: URL, user: FakeUser | null): Promise<void> {
    if (fake.knobs.listDelayMs) await sleep(fake.knobs.listDelayMs);
    if (fake.knobs.listBroken) return send(res, 500, 'text/html', messagePage('오류', '일시적인 오류입니다.'));
    const blogId = url.searchParams.get('blogId') ?? '';
    const owner = user?.blogId === blogId;
    const posts = fake.posts
      .filter((p) => p.blogId === blogId && (owner || p.visibility === 'public'))
      .sort((a, b) => Number(b.logNo) - Number(a.logNo))
      .slice(0, 30);
    return send(res, 200, 'text/html', postListPage({ blogId, blogBase, owner, posts }));
  }

  return fake;
}

interface SeParagraph {
  nodes?: Array<{ value?: string }>;
}
interface SeComponent {
  '@ctype': string;
  listType?: 'number' | 'bullet';
  value: SeParagraph[];
}
interface DocumentModel {
  document?: { components?: SeComponent[] };
}
interface PopulationParams {
  configuration?: { openType?: number };
  populationMeta?: { categoryId?: number; tags?: string; strikethrough?: boolean };
}

function textOfParagraph(p: SeParagraph): string {
  return (p.nodes ?? []).map((n) => n.value ?? '').join('');
}

/** The editor's text components as the article blocks they stand for; empty text components are dropped. */
function toBlock(c: SeComponent): FakeBlock[] {
  const lines = c.value.map(textOfParagraph);
  switch (c['@ctype']) {
    case 'documentTitle':
      return [];
    case 'sectionTitle':
      return [{ type: 'heading', text: lines.join('\n') }];
    case 'quotation':
      return [{ type: 'quote', text: lines.join('\n') }];
    case 'text':
      if (c.listType) return [{ type: 'list', ordered: c.listType === 'number', items: lines }];
      return lines.every((l) => !l.trim()) ? [] : [{ type: 'paragraph', text: lines.join('\n') }];
    default:
      return [];
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store' });
  res.end(body);
}

function json(res: ServerResponse, body: unknown): void {
  send(res, 200, 'application/json', JSON.stringify(body));
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { location });
  res.end();
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
