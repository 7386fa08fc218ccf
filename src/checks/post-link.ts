// Which NAVER blog post a link points to, in the shapes NAVER uses: blog.naver.com/{blogId}/{logNo},
// PostView.naver?blogId=…&logNo=… (also .nhn, m.blog.naver.com). The host is not compared, so a proxy or a
// test's address works the same; the blog id and the log number are.
import type { BlogSearchHit } from '../ports.ts';

export interface PostId {
  blogId: string;
  logNo: string;
}

export function postIdOf(link: string): PostId | null {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return null;
  }
  const blogId = url.searchParams.get('blogId');
  const logNo = url.searchParams.get('logNo');
  if (blogId && logNo && /^\d+$/.test(logNo)) return { blogId, logNo };
  const path = url.pathname.match(/\/([A-Za-z0-9_-]+)\/(\d+)\/?$/);
  return path ? { blogId: path[1]!, logNo: path[2]! } : null;
}

/** The 1-based place of the post among the hits, or null when it is not there. */
export function positionOf(hits: readonly BlogSearchHit[], post: PostId): number | null {
  const hit = hits.find((h) => {
    const id = postIdOf(h.link);
    return id !== null && id.logNo === post.logNo && id.blogId.toLowerCase() === post.blogId.toLowerCase();
  });
  return hit?.position ?? null;
}
