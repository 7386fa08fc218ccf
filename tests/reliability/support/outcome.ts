// The invariant, checked from the outside: every requested post (a tag like R1-07 in its topic and title)
// ends exactly once as published, or visibly waiting for a person (dead letter, publish_unconfirmed,
// needs_login) with its alert in the channel; none lost, none published twice (the fake NAVER's stored
// posts), none stuck in a state no button or command moves. Sources: the database, the blog and the channel.
import { buttons, type StoredMessage } from '../../fakes/fake-discord/index.ts';
import { isNeedsLoginAlert } from './person.ts';
import type { World } from './world.ts';

export type Outcome = 'published' | 'waiting' | 'lost' | 'duplicate' | 'stuck';

export interface TagOutcome {
  tag: string;
  outcome: Outcome;
  /** Why, for anything but a clean publish. */
  why: string;
  /** A stuck state nothing automatic will leave (no point waiting for it). */
  terminal?: boolean;
}

export interface Tally {
  posts: number;
  publishedOnce: number;
  waiting: number;
  lost: number;
  duplicates: number;
  stuck: number;
  details: TagOutcome[];
}

interface DraftRow {
  id: string;
  topic: string;
  status: string;
  logNo: string | null;
  publishedUrl: string | null;
  title: string | null;
  hasBody: boolean;
  blogId: string;
  accountStatus: string;
  lastToStatus: string | null;
}

export function hasTag(text: string, tag: string): boolean {
  return new RegExp(`(^|[^\\d-])${tag}(?!\\d)`).test(text);
}

function buttonIds(messages: StoredMessage[]): Set<string> {
  const ids = new Set<string>();
  for (const m of messages) for (const b of buttons(m)) if (b.customId && !b.disabled) ids.add(b.customId);
  return ids;
}

/** Where every requested post stands now. `final`: nothing will move any more, so "not there yet" is stuck. */
export async function tally(world: World, tags: readonly string[], final: boolean): Promise<Tally> {
  const drafts = await world.query<DraftRow>(`
    SELECT d.id, d.topic, d.status, d."logNo", d."publishedUrl", d.title, (d.body IS NOT NULL) AS "hasBody",
           a."blogId", a.status AS "accountStatus",
           (SELECT e."toStatus" FROM "DraftEvent" e WHERE e."draftId" = d.id AND e."toStatus" IS NOT NULL
             ORDER BY e."createdAt" DESC, e.id DESC LIMIT 1) AS "lastToStatus"
    FROM "Draft" d JOIN "Account" a ON a.id = d."accountId"`);
  const letters = await world.query<{ id: string; draftId: string | null }>('SELECT id, "draftId" FROM "DeadLetter" WHERE "resolvedAt" IS NULL');
  const messages = Object.values(world.discord.channels).flatMap((c) => world.discord.channelMessages(c)).filter((m) => !m.ephemeralFor);
  const shown = buttonIds(messages);
  const details: TagOutcome[] = [];

  for (const tag of tags) {
    const mine = drafts.filter((d) => hasTag(d.topic, tag));
    const posts = world.naver.posts.filter((p) => hasTag(p.title, tag));
    const say = (outcome: Outcome, why: string, terminal = false) => details.push({ tag, outcome, why, terminal });
    if (posts.length > 1) {
      say('duplicate', `${posts.length} posts on the blog (logNo ${posts.map((p) => p.logNo).join(', ')})`);
      continue;
    }
    const live = mine.filter((d) => d.status !== 'rejected');
    if (live.length > 1) {
      say('duplicate', `${live.length} drafts for one request (${live.map((d) => `${d.id}:${d.status}`).join(', ')})`);
      continue;
    }
    const d = live[0];
    if (!d) {
      say(final || mine.length ? 'lost' : 'stuck', mine.length ? 'the draft was rejected without anyone rejecting it' : 'no draft and no post');
      continue;
    }
    const post = posts[0];
    const halfWritten = halfWrittenReason(d);
    if (halfWritten) {
      say('stuck', `${d.id}: ${halfWritten}`);
      continue;
    }
    const letter = letters.find((l) => l.draftId === d.id);
    switch (d.status) {
      case 'published':
        if (!post) say('lost', `${d.id} is marked published but the blog has no such post`);
        else if (d.logNo && d.logNo !== post.logNo) say('stuck', `${d.id} points at logNo ${d.logNo}, the blog has ${post.logNo}`, true);
        else say('published', '');
        continue;
      case 'publish_unconfirmed':
        if (shown.has(`draft:mark_published:${d.id}`)) say('waiting', `${d.id} publish_unconfirmed`);
        else say('stuck', `${d.id} publish_unconfirmed without Mark published / Publish again in the channel`);
        continue;
      case 'generation_failed':
      case 'publish_failed':
        if (post) say('stuck', `${d.id} is ${d.status} but its post is on the blog (logNo ${post.logNo}): a Retry would publish it twice`, true);
        else if (!letter) say('stuck', `${d.id} is ${d.status} without an open dead letter`);
        else if (!shown.has(`dlq:retry:${letter.id}`)) say('stuck', `${d.id} is ${d.status}; dead letter ${letter.id} has no alert with Retry in the channel`);
        else say('waiting', `${d.id} ${d.status}, dead letter ${letter.id}`);
        continue;
      case 'approved':
        if (d.accountStatus === 'needs_login' && !post) {
          if (messages.some((m) => isNeedsLoginAlert(m, d.blogId))) say('waiting', `${d.id} approved, ${d.blogId} needs a login`);
          else say('stuck', `${d.id}: ${d.blogId} needs a login and the channel was not told`);
          continue;
        }
        break;
      default:
        break;
    }
    say('stuck', `${d.id} still ${d.status}${post ? ` (its post is on the blog, logNo ${post.logNo})` : ''}`);
  }

  // A post on the blog that nobody asked for is a duplicate of something.
  for (const p of world.naver.posts) {
    if (!tags.some((t) => hasTag(p.title, t))) details.push({ tag: '(none)', outcome: 'duplicate', why: `unrequested post ${p.logNo} "${p.title}"` });
  }
  const count = (o: Outcome) => details.filter((d) => d.outcome === o).length;
  return {
    posts: tags.length,
    publishedOnce: count('published'),
    waiting: count('waiting'),
    lost: count('lost'),
    duplicates: count('duplicate'),
    stuck: count('stuck'),
    details,
  };
}

/** A row that says one thing in one column and another in the next: the status table and its audit trail disagree, or content is missing. */
function halfWrittenReason(d: DraftRow): string | null {
  if (d.lastToStatus === null ? d.status !== 'generating' : d.lastToStatus !== d.status) {
    return `status ${d.status} but its last recorded transition went to ${d.lastToStatus ?? '(none)'}`;
  }
  if (['pending_approval', 'approved', 'publishing', 'published', 'publish_unconfirmed'].includes(d.status) && (!d.title || !d.hasBody)) {
    return `status ${d.status} without a title or body`;
  }
  if (d.status === 'published' && d.logNo && !d.publishedUrl) return 'published with a logNo but no URL';
  return null;
}

/** Not there yet: everything that is neither a clean publish, a visible wait nor a duplicate. */
function unsettled(t: Tally): number {
  return t.details.filter((d) => (d.outcome === 'stuck' || d.outcome === 'lost') && !d.terminal).length;
}

/**
 * Waits until every requested post has settled, or nothing visible has changed for `quietMs` (the longest
 * silent wait the service may take: a stalled job's lock expiring, a backoff, a timeout), or `maxMs`.
 */
export async function settle(world: World, tags: readonly string[], o: { quietMs?: number; maxMs?: number } = {}): Promise<Tally> {
  const quietMs = o.quietMs ?? 80_000;
  const deadline = Date.now() + (o.maxMs ?? 6 * 60_000);
  let fingerprint = '';
  let changedAt = Date.now();
  for (;;) {
    const t = await tally(world, tags, false);
    if (unsettled(t) === 0) return tally(world, tags, true);
    const now = JSON.stringify([t.details, world.naver.posts.length, world.discord.requests.length, world.gemini.requests.length]);
    if (now !== fingerprint) {
      fingerprint = now;
      changedAt = Date.now();
    }
    if (Date.now() - changedAt > quietMs || Date.now() > deadline) return tally(world, tags, true);
    await new Promise((r) => setTimeout(r, 1_000));
  }
}
