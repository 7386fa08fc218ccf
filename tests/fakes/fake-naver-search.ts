// A fake NAVER Search API (blog search) on 127.0.0.1, for NAVER_SEARCH_API_URL: GET /v1/search/blog.json with
// X-Naver-Client-Id / X-Naver-Client-Secret, answering in NAVER's shape ({ lastBuildDate, total, start,
// display, items: [{ title, link, description, bloggername, bloggerlink, postdate }] }) and NAVER's error shape
// ({ errorMessage, errorCode }) for wrong keys (401) and too many requests (429).
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface IndexedPost {
  blogId: string;
  logNo: string;
  title: string;
}

/** When a post shows up: from the n-th search for its title on (1: at once), or never. */
export type Indexing = { fromSearch: number } | 'never';

export interface FakeNaverSearch {
  url: string;
  clientId: string;
  clientSecret: string;
  /** Every search: its query, display, and what was answered. */
  requests: Array<{ query: string; display: string; status: number }>;
  /** The posts the index knows of, and when each appears. */
  index(post: IndexedPost, when?: Indexing): void;
  /** The next `n` searches are answered 429. */
  rateLimitNext(n: number): void;
  close(): Promise<void>;
}

export async function startFakeNaverSearch(): Promise<FakeNaverSearch> {
  const posts: Array<{ post: IndexedPost; when: Indexing }> = [];
  const searchesFor = new Map<string, number>();
  const sockets = new Set<Socket>();
  let limited = 0;
  const clientId = 'fake-client-id';
  const clientSecret = 'fake-client-secret';

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/v1/search/blog.json') return send(res, 404, { errorMessage: 'Not Found', errorCode: '404' });
    const query = url.searchParams.get('query') ?? '';
    const display = url.searchParams.get('display') ?? '10';
    const answer = (status: number, body: unknown) => {
      fake.requests.push({ query, display, status });
      send(res, status, body);
    };
    if (req.headers['x-naver-client-id'] !== clientId || req.headers['x-naver-client-secret'] !== clientSecret) {
      return answer(401, { errorMessage: 'Not Exist Client ID : Authentication failed. (인증에 실패했습니다.)', errorCode: '024' });
    }
    if (limited > 0) {
      limited--;
      return answer(429, { errorMessage: 'Rate limit exceeded. (속도 제한을 초과했습니다.)', errorCode: '012' });
    }
    const n = (searchesFor.get(query) ?? 0) + 1;
    searchesFor.set(query, n);
    const words = query.split(/\s+/).filter(Boolean);
    const hits = posts
      .filter(({ post, when }) => when !== 'never' && n >= when.fromSearch && words.every((w) => post.title.includes(w)))
      .map(({ post }) => post);
    // Other blogs rank first, among them one with the same log number, so only blog id + log number match.
    const items = [...noise(query), ...hits].slice(0, Number(display)).map((p) => item(p));
    answer(200, { lastBuildDate: new Date().toUTCString(), total: items.length, start: 1, display: items.length, items });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const fake: FakeNaverSearch = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    clientId,
    clientSecret,
    requests: [],
    index: (post, when = { fromSearch: 1 }) => void posts.push({ post, when }),
    rateLimitNext: (n) => void (limited += n),
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}

function noise(query: string): IndexedPost[] {
  return [
    { blogId: 'otherblog', logNo: '223100000001', title: `${query} 후기` },
    { blogId: 'someone_else', logNo: '223400000000', title: query },
  ];
}

function item(p: IndexedPost) {
  return {
    title: p.title.replace(/(\S+)/, '<b>$1</b>'),
    link: `https://blog.naver.com/${p.blogId}/${p.logNo}`,
    description: `${p.title} 내용 요약`,
    bloggername: p.blogId,
    bloggerlink: `blog.naver.com/${p.blogId}`,
    postdate: new Date().toISOString().slice(0, 10).replace(/-/g, ''),
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
