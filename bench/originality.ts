// `npm run bench:originality`: how long the originality check takes for an account with many stored posts
// (BENCH_ORIGINALITY_POSTS, default 5,000, of ~2,000 characters of Korean text each, and a tenth as many
// of another account), on the real PostgreSQL.
// Each measured call is the whole check a draft gets: its signature, the candidate query on the GIN index of
// the LSH bands, and the estimates. Prints the median, p95 and worst time of new posts and of near-duplicates.
import { createTestDatabase } from '../tests/support/db.ts';
import { checkDraft, DEFAULT_QUALITY, textOf } from '../src/drafts/checks/report.ts';
import { lshBands, minhash } from '../src/drafts/checks/minhash.ts';
import type { Article } from '../src/article.ts';

const POSTS = Number(process.env.BENCH_ORIGINALITY_POSTS ?? 5_000);
const RUNS = Number(process.env.BENCH_ORIGINALITY_RUNS ?? 50);

// A vocabulary of Korean words made of random syllables, so texts share words the way posts on one blog do.
let seed = 42;
const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
const syllable = () => String.fromCharCode(0xac00 + Math.floor(rand() * 2_350));
const vocabulary = Array.from({ length: 3_000 }, () => Array.from({ length: 1 + Math.floor(rand() * 3) }, syllable).join(''));
const particles = ['은', '는', '이', '가', '을', '를', '에서', '으로', '와', '도'];
function sentence(): string {
  const words = Array.from({ length: 6 + Math.floor(rand() * 8) }, () => vocabulary[Math.floor(rand() * vocabulary.length)]! + (rand() < 0.4 ? particles[Math.floor(rand() * particles.length)]! : ''));
  return `${words.join(' ')}요.`;
}
function article(chars = 2_000): Article {
  const blocks: Article['blocks'] = [];
  let n = 0;
  while (n < chars) {
    const text = Array.from({ length: 3 }, sentence).join(' ');
    blocks.push(blocks.length % 4 === 1 ? { type: 'heading', text: text.slice(0, 30) } : { type: 'paragraph', text });
    n += text.length;
  }
  return { title: sentence().slice(0, 38), blocks, tags: ['블로그'] };
}
/** The same post with every fifth paragraph rewritten. */
function nearCopy(a: Article): Article {
  return { ...a, blocks: a.blocks.map((b, i) => (i % 5 === 0 && b.type === 'paragraph' ? { ...b, text: sentence() } : b)) };
}

const t = await createTestDatabase();
try {
  const account = await t.db.account.create({ data: { blogId: 'benchblog', guildId: 'bench' } });
  // Another account's posts share the index but never the answer.
  const other = await t.db.account.create({ data: { blogId: 'otherblog', guildId: 'bench' } });
  const stored: Article[] = [];
  const t0 = performance.now();
  const total = POSTS + Math.floor(POSTS / 10);
  for (let i = 0; i < total; i += 500) {
    const rows = [];
    for (let j = i; j < Math.min(total, i + 500); j++) {
      const a = article();
      const own = j < POSTS;
      if (own) stored.push(a);
      const signature = minhash(textOf(a));
      rows.push({ accountId: own ? account.id : other.id, topic: a.title, title: a.title, body: a.blocks, status: 'published' as const, minhash: signature, lshBands: lshBands(signature) });
    }
    await t.db.draft.createMany({ data: rows });
  }
  const mine = await t.db.draft.count({ where: { accountId: account.id } });
  await t.db.$executeRawUnsafe('ANALYZE "Draft"');
  const loadSeconds = (performance.now() - t0) / 1000;

  async function measure(make: (i: number) => Article) {
    const times: number[] = [];
    const cpu: number[] = [];
    const sql: number[] = [];
    let flagged = 0;
    for (let i = 0; i < RUNS; i++) {
      const a = make(i);
      const start = performance.now();
      const cpu0 = process.cpuUsage();
      const { report } = await checkDraft(t.db, DEFAULT_QUALITY, { draftId: 'bench-new', accountId: account.id, article: a, keywords: [], bannedWords: [] });
      const used = process.cpuUsage(cpu0);
      times.push(performance.now() - start);
      cpu.push((used.user + used.system) / 1000);
      sql.push(await serverMs(a));
      if (report.flags.includes('originality')) flagged++;
    }
    const q = (list: number[], at: number) => Number([...list].sort((x, y) => x - y)[Math.min(list.length - 1, Math.floor(at * list.length))]!.toFixed(1));
    return {
      runs: RUNS,
      medianMs: q(times, 0.5),
      p95Ms: q(times, 0.95),
      maxMs: q(times, 1),
      // What the machine's load cannot inflate: this process's CPU time, and the server's own execution time.
      medianCpuMsInNode: q(cpu, 0.5),
      medianServerMs: q(sql, 0.5),
      flaggedAsTooClose: flagged,
    };
  }
  /** PostgreSQL's own execution time of the candidate query (EXPLAIN ANALYZE). */
  async function serverMs(a: Article): Promise<number> {
    const bands = lshBands(minhash(textOf(a)));
    const rows = await t.db.$queryRawUnsafe<Array<{ 'QUERY PLAN': string }>>(
      `EXPLAIN ANALYZE SELECT "id", "title", "status"::text, "publishedUrl", "minhash" FROM "Draft" WHERE "accountId" = $1 AND "id" <> 'x' AND "status"::text = ANY($2::text[]) AND "lshBands" && $3::int4[]`,
      account.id,
      ['published', 'pending_approval', 'approved', 'publishing', 'publish_unconfirmed'],
      bands,
    );
    const line = rows.map((r) => r['QUERY PLAN']).find((l) => l.startsWith('Execution Time'));
    return Number(/([\d.]+) ms/.exec(line ?? '')?.[1] ?? NaN);
  }
  await measure(() => article()); // warm-up: connection pool, plan cache
  const fresh = await measure(() => article());
  const copies = await measure((i) => nearCopy(stored[(i * 37) % stored.length]!));
  console.log(JSON.stringify({ postsOfTheAccount: mine, postsInTable: total, loadSeconds: Number(loadSeconds.toFixed(1)), newPosts: fresh, nearDuplicates: copies }, null, 2));
} finally {
  await t.drop();
}
