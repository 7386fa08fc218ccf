// The settings of the checks after publishing, and how a search result's link is matched to a post.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig, ConfigError } from '../../src/config.ts';
import { positionOf, postIdOf } from '../../src/checks/post-link.ts';

const base = { DATABASE_URL: 'postgresql://x@127.0.0.1/db', CREDENTIALS_KEY: Buffer.alloc(32, 1).toString('base64'), ROLE: 'worker', GEMINI_API_KEY: 'k' };
const problems = (env: Record<string, string>) => {
  try {
    loadConfig({ ...base, ...env });
    return [];
  } catch (err) {
    return (err as ConfigError).problems;
  }
};

test('search check settings: off without keys, NAVER’s 25,000 a day and 1h,6h,24h by default', () => {
  const c = loadConfig(base);
  assert.equal(c.NAVER_SEARCH_CLIENT_ID, undefined);
  assert.equal(c.NAVER_SEARCH_API_URL, 'https://openapi.naver.com');
  assert.equal(c.NAVER_SEARCH_DAILY_QUOTA, 25_000);
  assert.deepEqual(c.SEARCH_CHECK_DELAYS, [3_600_000, 21_600_000, 86_400_000]);
  assert.deepEqual(loadConfig({ ...base, SEARCH_CHECK_DELAYS: '500ms, 30s,1.5h,2d' }).SEARCH_CHECK_DELAYS, [500, 30_000, 5_400_000, 172_800_000]);
});

test('bad search check settings: one line each, naming the setting and the fix', () => {
  assert.deepEqual(problems({ SEARCH_CHECK_DELAYS: '6h,1h' }), ['Configuration error: SEARCH_CHECK_DELAYS must be in increasing order, like 1h,6h,24h: e.g. 1h,6h,24h.']);
  assert.match(problems({ SEARCH_CHECK_DELAYS: '1h,soon' })[0]!, /SEARCH_CHECK_DELAYS is invalid \("soon" is not a duration like 30m, 1h or 2d\)/);
  assert.match(problems({ NAVER_SEARCH_CLIENT_ID: 'id' })[0]!, /^Configuration error: NAVER_SEARCH_CLIENT_SECRET must be set together with the other/);
  assert.match(problems({ NAVER_SEARCH_DAILY_QUOTA: '0' })[0]!, /^Configuration error: NAVER_SEARCH_DAILY_QUOTA /);
  assert.match(problems({ NAVER_SEARCH_API_URL: 'not a url' })[0]!, /^Configuration error: NAVER_SEARCH_API_URL /);
});

test('a search result is this post only when both the blog id and the log number match, in any of NAVER’s link shapes', () => {
  assert.deepEqual(postIdOf('https://blog.naver.com/cafeblog/223400000123'), { blogId: 'cafeblog', logNo: '223400000123' });
  assert.deepEqual(postIdOf('https://blog.naver.com/PostView.naver?blogId=cafeblog&logNo=223400000123'), { blogId: 'cafeblog', logNo: '223400000123' });
  assert.deepEqual(postIdOf('https://m.blog.naver.com/PostView.nhn?blogId=cafeblog&logNo=223400000123&proxyReferer='), { blogId: 'cafeblog', logNo: '223400000123' });
  assert.equal(postIdOf('https://blog.naver.com/cafeblog'), null);
  assert.equal(postIdOf('not a link'), null);
  const hits = [
    { link: 'https://blog.naver.com/otherblog/223400000123', position: 1 },
    { link: 'https://blog.naver.com/cafeblog/223400000999', position: 2 },
    { link: 'https://blog.naver.com/CafeBlog/223400000123', position: 3 },
  ];
  assert.equal(positionOf(hits, { blogId: 'cafeblog', logNo: '223400000123' }), 3);
  assert.equal(positionOf(hits.slice(0, 2), { blogId: 'cafeblog', logNo: '223400000123' }), null);
});
