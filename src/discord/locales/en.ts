// English strings. The shape of this object is the catalogue; ko.ts must provide every key.
import type { SessionProblem } from '../../refusals.ts';
import type { LimitName, LimitParams } from '../../limits.ts';
import type { RefusalCode, Refusals } from '../../refusals.ts';

/** One sentence for every problem a browser session file can have (see accounts/session-import.ts). */
export type SessionFileMessages = { [K in SessionProblem['code']]: (p: Extract<SessionProblem, { code: K }>) => string };
/** One sentence for every refusal code of the domain (src/refusals.ts), from its parameters. */
export type RefusalMessages = { [C in RefusalCode]: (p: Refusals[C]) => string };
export type LimitMessages = Record<LimitName, (p: LimitParams) => string>;

const day = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);
const cronHelp = 'use 5 fields (minute hour day month weekday) or 6 with seconds first, for example 0 9 * * * for every day at 09:00';

const statuses = {
  generating: 'Writing',
  pending_approval: 'Waiting for approval',
  approved: 'Approved',
  publishing: 'Publishing',
  published: 'Published',
  rejected: 'Rejected',
  generation_failed: 'Writing failed',
  publish_failed: 'Publishing failed',
  publish_unconfirmed: 'Publish unconfirmed',
} as Record<string, string>;

/** A bound of src/limits.ts was crossed (`position` is 1-based, for lists). */
const limits: LimitMessages = {
  topicChars: ({ max, given, position }) => `${position ? `Topic ${position}` : 'The topic'} is longer than ${max} characters (${given}); shorten it.`,
  topicsPerSchedule: ({ max, given }) => `A schedule takes at most ${max} topics; you gave ${given}, so remove some or split them over two schedules.`,
  keywords: ({ max, given }) => `Use at most ${max} keywords; you gave ${given}.`,
  keywordChars: ({ max, position }) => `${position ? `Keyword ${position}` : 'The keyword'} is longer than ${max} characters; shorten it.`,
  tags: ({ max, given }) => `An account takes at most ${max} default tags; you gave ${given}.`,
  tagChars: ({ max, position }) => `${position ? `Tag ${position}` : 'The tag'} is longer than ${max} characters, which NAVER does not take; shorten it.`,
  titleChars: ({ max }) => `The title is longer than ${max} characters; shorten it.`,
  bodyChars: ({ max }) => `The body is longer than ${max} characters; shorten it.`,
  labelChars: ({ max }) => `The label is longer than ${max} characters; shorten it.`,
  categoryChars: ({ max }) => `The category is longer than ${max} characters; check its name.`,
  toneChars: ({ max }) => `Keep the tone to ${max} characters.`,
  feedbackChars: ({ max }) => `Keep the feedback to ${max} characters.`,
  approverRoles: ({ max }) => `An account can have at most ${max} approver roles; remove one first.`,
  dailyCap: ({ max }) => `The daily cap is a whole number from 0 (no cap) to ${max}.`,
  minIntervalMinutes: ({ max }) => `The minimum interval is a whole number of minutes from 0 to ${max}.`,
  jitterMinutes: ({ max }) => `The jitter is a whole number of minutes from 0 to ${max}.`,
  bannedWords: ({ max, given }) => `An account can ban at most ${max} words${given ? ` (you gave ${given})` : ''}; remove some.`,
  bannedWordChars: ({ max, position }) => `${position ? `Banned word ${position}` : 'The banned word'} is longer than ${max} characters; shorten it.`,
  allowedHours: ({ max }) => `Allowed hours are two whole hours from 0 to ${max}, the first before the second, like 9-22 (09:00 until 22:00); 0-24 allows any time.`,
};

const sessionFile: SessionFileMessages = {
  notSession: () => 'The file is not a browser session: upload a Playwright storageState or a cookie-list JSON export.',
  noCookies: () => 'The file has no cookies: export the session while logged in to NAVER.',
  tooManyCookies: (p) => `The file has ${p.count} cookies, more than the ${p.max} a NAVER session needs: export only NAVER’s cookies.`,
  cookieNotObject: (p) => `Cookie ${p.n} in the file is not a cookie (an object with name, value and domain): export the session again.`,
  cookieName: (p) => `Cookie ${p.n} in the file has no valid name (text without ";", "=" or control characters): export the session again.`,
  cookieValue: (p) => `Cookie ${p.n} ("${p.name}") has no valid value (text up to 4096 characters without ";" or control characters): export the session again.`,
  cookieDomain: (p) => `Cookie ${p.n} ("${p.name}") is for "${p.domain}", not for NAVER: export only NAVER’s cookies.`,
  cookiePath: (p) => `Cookie ${p.n} ("${p.name}") has the path "${p.path}", but a cookie path starts with "/": export the session again.`,
  cookieExpires: (p) => `Cookie ${p.n} ("${p.name}") has an expiry that is neither -1 (a session cookie) nor a time in seconds: export the session again.`,
  cookieExpired: (p) => `Cookie ${p.n} ("${p.name}") expired on ${day(p.expires)}: log in to NAVER again and export a fresh session.`,
  cookieSameSite: (p) => `Cookie ${p.n} ("${p.name}") has sameSite "${p.sameSite}", but it must be Strict, Lax or None.`,
  cookieFlag: (p) => `Cookie ${p.n} ("${p.name}") has a "${p.field}" that is not true or false: export the session again.`,
  originsNotList: () => 'The file’s "origins" is not a list: upload the storageState as Playwright wrote it.',
  tooManyOrigins: (p) => `The file has ${p.count} origins, more than ${p.max}: export only NAVER’s session.`,
  originMalformed: (p) => `Origin ${p.n} in the file is not an origin with a localStorage list of name/value texts: upload the storageState as Playwright wrote it.`,
  originUrl: (p) => `Origin ${p.n} ("${p.origin}") is not the address of a NAVER site: export only NAVER’s session.`,
  tooManyStorageItems: (p) => `Origin ${p.n} ("${p.origin}") has more than ${p.max} localStorage entries: export only NAVER’s session.`,
};

/** One answer whether the account does not exist or is not linked here (by blog id or by id). */
const unknownAccount = (ref: string) => `There is no account "${ref}" in this channel; pick one from the list or see /account list.`;
/** The same for the other things a channel can name. */
const notHere = {
  draft: (id: string) => `There is no draft "${id}" in this channel; see /drafts.`,
  dead_letter: (id: string) => `There is no dead letter "${id}" in this channel; see /dlq list.`,
  schedule: (id: string) => `There is no schedule "${id}" in this channel; see /schedule list.`,
};
const approverForAutoApprove = (blogId: string) =>
  `${blogId} publishes without approval, so scheduling its posts needs the Manage Server permission or an approver role of the account.`;
/** `unix`: seconds; Discord shows <t:…> in the reader's own language and time zone. */
const draftRequestLimit = (limit: number, unix: number) =>
  `You have asked for ${limit} drafts in this channel within the last hour; you can ask again at <t:${unix}:t> (<t:${unix}:R>).`;

export const en = {
  /** What a failure class means for the reader and what to do; the technical detail follows it. */
  errorHints: {
    gemini_rate_limited: 'Gemini’s usage limit was reached. Retry later, or raise the quota of the API key.',
    gemini_unavailable: 'Gemini was overloaded or had a server error. Retry in a few minutes.',
    gemini_unreachable: 'The service could not reach Gemini. Check the network, then retry.',
    gemini_auth: 'Gemini refused the API key. The operator must check GEMINI_API_KEY.',
    gemini_model_not_found: 'The Gemini model does not exist (any more). The operator must check GEMINI_MODEL.',
    gemini_bad_request: 'Gemini refused the request. Change the topic, or tell the operator if it keeps happening.',
    gemini_request_failed: 'Gemini refused the request. Tell the operator if it keeps happening.',
    content_blocked: 'Gemini’s safety filters refused this topic. Change the topic or keywords and regenerate.',
    empty_answer: 'Gemini answered with nothing. Retry, or change the topic.',
    invalid_answer: 'Gemini’s answer could not be used as a post, even after a second try. Retry, or change the topic.',
    timeout: 'It took too long and was stopped. Retry; if it keeps happening, NAVER or Gemini is slow.',
    naver_editor: 'The NAVER editor did not behave as expected (it may have changed). Retry; the screenshot shows where it stopped.',
    browser_crashed: 'The browser stopped while publishing. Retry.',
    publish_rejected: 'NAVER refused the post. Read NAVER’s reason below, fix the draft, then retry.',
    post_list_unreadable: 'The blog’s post list could not be read. Retry later.',
    invalid_payload: 'The job was malformed and cannot run as it is. Tell the operator.',
    unexpected: 'Something unexpected went wrong. Retry; tell the operator if it keeps happening.',
  } as Record<string, string>,
  statuses,
  accountStatuses: { active: 'active', needs_login: 'needs login', paused: 'paused', disabled: 'disabled' } as Record<string, string>,
  visibility: { public: 'public', neighbors: 'neighbors only', private: 'private' } as Record<string, string>,

  errors: {
    unknownAccount,
    notHere,
    approverForAutoApprove,
    draftRequestLimit,
    managerOnly: 'Only members with the Manage Server permission can do that.',
    unexpected: 'Something went wrong on our side; please try again in a minute.',
    illegalTransition: (from: string) => `This draft is already "${statuses[from] ?? from}", so that button no longer applies.`,
    notApprover: 'You need the Manage Server permission or an approver role of this account to do that.',
    notInGuild: 'This only works in a server channel.',
    unknownComponent: 'This button has expired; run the command again.',
    unknownCommand: 'This command is not available any more; ask an admin to redeploy the commands.',
    publishAtUnparsable: (input: string) =>
      `"${input}" is not a time I understand; use "2026-12-01 09:00" or "in 2h" / "in 30m" / "in 1d".`,
    publishAtPast: (input: string) => `"${input}" is in the past; pick a time in the future, like "2026-12-01 09:00" or "in 2h" / "in 30m" / "in 1d".`,
    publishAtTooFar: (input: string, latest: string) =>
      `"${input}" is more than a year ahead; pick a time up to ${latest}, like "2026-12-01 09:00" or "in 2h" / "in 30m" / "in 1d".`,
    timezoneInvalid: (tz: string) => `"${tz}" is not a time zone; use an IANA name such as Asia/Seoul.`,
    sessionDownload: 'I could not download that file; attach it again.',
    sessionTooLarge: 'That file is larger than 1 MB; export only the NAVER cookies.',
    sessionNotJson: 'That file is not JSON; attach a Playwright storageState or a cookie-list export.',
    nothingToChange: 'Give at least one setting to change.',
    retryNotQueued: 'The retry could not be queued, so the dead letter is still open; press Retry again in a minute.',
  },

  /** What a refusal of the domain says, by its code (src/refusals.ts). */
  refusals: {
    not_here: ({ thing, ref }) => (thing === 'account' ? unknownAccount(ref) : notHere[thing](ref)),
    approver_required: ({ blogId }) => approverForAutoApprove(blogId),
    draft_request_limit: ({ limit, retryAt }) => draftRequestLimit(limit, Math.ceil(retryAt.getTime() / 1000)),
    guild_only: () => 'Accounts are managed from a server channel.',
    blog_id_invalid: () => 'A NAVER blog id is 3–30 letters, digits, - or _ (the part after blog.naver.com/).',
    account_gone: () => 'That account no longer exists.',
    account_already_linked: ({ blogId }) => `The account ${blogId} is already linked to this channel.`,
    account_disabled: ({ blogId }) => `The account ${blogId} is disabled.`,
    login_incomplete: () => 'Enter both the NAVER ID and the password.',
    password_too_long: ({ max }) => `NAVER passwords are at most ${max} characters; check the password and try again.`,
    approver_role_invalid: () => 'Approver roles must be Discord roles.',
    over_limit: (p) => limits[p.limit](p),
    session_file: (p) => (sessionFile[p.code] as (p: SessionProblem) => string)(p),
    draft_gone: () => 'That draft no longer exists.',
    topic_empty: () => 'The topic is empty; say what the post should be about.',
    topics_none: () => 'Give at least one topic (one per line).',
    topic_placeholder_unknown: ({ token, position }) => `${position ? `Topic ${position}` : 'The topic'} has the unknown placeholder ${token}; use {date} or {weekday}.`,
    publish_at_past: () => 'The publish time is in the past; give a time from now on.',
    draft_status_unknown: ({ status, known }) => `Unknown status "${status}"; use one of ${known.join(', ')}.`,
    post_url_invalid: () => 'The post address must start with https://.',
    edit_not_pending: ({ status }) => `Only a draft waiting for approval can be edited; this one is "${statuses[status] ?? status}".`,
    edit_invalid: ({ field, reason }) => `The edited ${field} is not valid (${reason}); nothing was saved.`,
    edit_conflict: () => 'The draft changed while you were editing; nothing was saved.',
    dead_letter_resolved: ({ resolution }) => `That dead letter was already ${resolution ?? 'resolved'}.`,
    queue_not_retried: ({ queue }) => `The queue ${queue} is not one this service retries.`,
    cron_empty: () => `The cron expression is empty; ${cronHelp}.`,
    cron_invalid: ({ expression, why }) => `"${expression}" is not a valid cron expression (${why}); ${cronHelp}.`,
    cron_never_fires: ({ expression }) => `"${expression}" never fires; ${cronHelp}.`,
    cron_too_frequent: ({ minutes }) =>
      `This rule fires more often than every ${minutes} minutes; each fire writes a post, so choose a slower rule, for example 0 9 * * * for every day at 09:00.`,
    timezone_unknown: ({ zone }) => `"${zone}" is not a known time zone; use an IANA name such as Asia/Seoul.`,
    timezone_offset: ({ zone }) => `"${zone}" is an offset, not a time zone; use an IANA name such as Asia/Seoul.`,
  } satisfies RefusalMessages as RefusalMessages,

  limits,

  account: {
    added: (name: string) => `Added ${name} and linked it to this channel.`,
    linked: (name: string) => `Linked ${name} to this channel.`,
    unlinked: (name: string) => `Unlinked ${name} from this channel.`,
    unlinkedLast: (name: string) =>
      `Unlinked ${name} from this channel; no channel has it any more, so its stored NAVER login and browser session were deleted (/account add or /account link in this server takes it back).`,
    listTitle: 'Accounts linked to this channel',
    listEmpty: 'No account is linked to this channel yet; add one with /account add.',
    line: (name: string, status: string, flags: string) => `${name} — ${status}${flags}`,
    autoApprove: 'auto-approve',
    noLogin: 'no login stored',
    loginModalTitle: 'NAVER login',
    loginUsername: 'NAVER ID',
    loginPassword: 'Password',
    credentialsSaved: (name: string) => `Saved the login for ${name}; it is stored encrypted and never shown again.`,
    sessionImported: (name: string, cookies: number) => `Imported a browser session with ${cookies} cookies for ${name}.`,
    settingsUpdated: (name: string) => `Updated the settings of ${name}.`,
    settingsLine: (autoApprove: string, cap: number, visibility: string, category: string, tone: string, approvers: string) =>
      `Auto-approve: ${autoApprove} · Daily cap: ${cap} · Visibility: ${visibility} · Category: ${category} · Tone: ${tone} · Approver roles: ${approvers}`,
    pacingLine: (start: number, end: number, interval: number, jitter: number, tags: string) =>
      `Hours: ${start}:00–${end}:00 · Minimum interval: ${interval} min · Jitter: up to ${jitter} min · Default tags: ${tags}`,
    yes: 'on',
    no: 'off',
    none: '—',
  },

  sessionFile,

  schedule: {
    queued: (name: string) => `Queued a post for ${name}; writing starts shortly.`,
    created: (name: string, cron: string, tz: string) => `Created a recurring schedule for ${name}: \`${cron}\` (${tz}).`,
    nextFires: 'Next runs',
    topics: 'Topics',
    listTitle: 'Recurring schedules',
    listEmpty: 'No recurring schedule in this channel; add one with /schedule recurring.',
    line: (id: string, name: string, cron: string, tz: string, enabled: boolean) =>
      `\`${id}\` ${name} — \`${cron}\` (${tz})${enabled ? '' : ' · paused'}`,
    removed: (id: string) => `Removed schedule \`${id}\`.`,
    paused: (id: string) => `Paused schedule \`${id}\`.`,
    resumed: (id: string) => `Resumed schedule \`${id}\`.`,
  },

  drafts: {
    title: 'Drafts',
    empty: 'No drafts here yet.',
    page: (page: number, pages: number, total: number) => `Page ${page}/${pages} · ${total} drafts`,
    line: (status: string, title: string, name: string, when: string) => `**${title}** — ${status} · ${name} · ${when}`,
    previous: 'Previous',
    next: 'Next',
  },

  queue: {
    title: 'Queues',
    empty: 'No account is linked to this channel.',
    generate: 'Writing',
    publish: 'Publishing',
    counts: (w: number, a: number, d: number, f: number) => `waiting ${w} · active ${a} · delayed ${d} · failed ${f}`,
    deadLetters: (n: number) => `Dead letters: ${n}`,
  },

  dlq: {
    title: 'Dead letters',
    empty: 'No unresolved dead letters in this channel.',
    line: (id: string, queue: string, errorClass: string, message: string) => `\`${id}\` ${queue} — **${errorClass}**: ${message}`,
    retried: 'Sent back to its queue.',
    discarded: 'Discarded.',
  },

  draft: {
    tooLongToEdit: 'This draft is too long to edit here (over 4000 characters); use Regenerate instead.',
    approve: 'Approve',
    reject: 'Reject',
    regenerate: 'Regenerate',
    edit: 'Edit',
    markPublished: 'Mark published',
    publishAgain: 'Publish again',
    account: 'Account',
    plannedAt: 'Planned for',
    asSoonAsPossible: 'as soon as approved',
    tags: 'Tags',
    topic: 'Topic',
    status: 'Status',
    queued: 'Queued: writing starts shortly.',
    autoApproved: 'Approved automatically (this account auto-approves).',
    blocked: 'Waiting for a NAVER login before publishing: use /account login or /account session.',
    requeued: 'Publishing stopped before the final click, so nothing was posted; it goes out again at its planned time.',
    writing: 'Writing the draft…',
    waiting: 'Waiting for approval.',
    approvedBy: (who: string) => `Approved by ${who}.`,
    publishing: 'Publishing on NAVER Blog…',
    published: (url: string) => `Published: ${url}`,
    rejectedBy: (who: string) => `Rejected by ${who}.`,
    failed: (errorClass: string, message: string) => `Failed (${errorClass}): ${message}`,
    unconfirmed: 'The publish button was pressed but I cannot tell whether the post exists. Check the blog, then choose.',
    regenerating: (who: string) => `${who} asked for a new draft; writing it…`,
    followBelow: 'Follow this post in the approval message below.',
    editModalTitle: 'Edit draft',
    editTitle: 'Title',
    editBody: 'Body',
    saved: 'Saved your changes.',
  },

  checks: {
    field: 'Checks',
    details: 'Check details',
    original: (pct: number) => `✓ original (closest ${pct}%)`,
    tooClose: (pct: number, title: string) => `⚠ ${pct}% like “${title}”`,
    tooShort: '– originality: too short to compare',
    tooShortDetail: 'The text is too short (under 300 letters) to compare with the account’s posts.',
    keywordsOk: '✓ keywords',
    stuffed: (list: string) => `⚠ keyword stuffing: ${list}`,
    bannedOk: '✓ no banned words',
    banned: (list: string) => `⚠ banned words: ${list}`,
    titleOk: (n: number) => `✓ title ${n}/40`,
    titleLong: (n: number) => `⚠ title ${n}/40`,
    stats: (chars: number, headings: number, paragraphs: number, images: number, tags: number) =>
      `${chars.toLocaleString('en')} chars · ${headings} headings · ${paragraphs} paragraphs · ${images} images · ${tags} tags`,
    flagNames: { originality: 'originality', keyword_stuffing: 'keyword stuffing', banned_words: 'banned words', title_length: 'title over 40 characters' } as Record<string, string>,
    held: (flags: string) => `Waiting for approval: auto-approve held this draft because of ${flags}.`,
    detailsTitle: (title: string) => `Checks of “${title}”`,
    closest: (pct: number, title: string, where: string) => `Closest post of the account: ${pct}% similar (threshold ${where}): “${title}”`,
    closestLink: (url: string) => `Link: ${url}`,
    noneClose: 'No post of the account comes close.',
    rewritten: (titles: string) => `The first version was too close to ${titles}, so it was written again once.`,
    keywordLine: (keyword: string, count: number, pct: string) => `“${keyword}”: ${count}× (${pct}% of the words)`,
    keywordLimit: (pct: string) => `Stuffing is flagged above ${pct}% of the words.`,
    noKeywords: 'No keywords or tags to count.',
    bannedNone: 'No banned word found.',
    bannedFound: (list: string) => `Banned words found: ${list}`,
    titleLine: (n: number) => `Title: ${n} characters (NAVER search shows about 40).`,
    statsLine: (chars: number, noSpaces: number, words: number) => `Body: ${chars.toLocaleString('en')} characters (${noSpaces.toLocaleString('en')} without spaces), ${words.toLocaleString('en')} words.`,
    bannedWordsLine: (list: string) => `Banned words: ${list}`,
    sources: 'Sources',
    sourcesLine: (sources: number, unsupported: number, statements: number) =>
      `🔎 ${sources} sources · ${unsupported} of ${statements} statements not supported by them`,
    searched: (queries: string) => `Searched: ${queries}`,
    noSources: 'The search found no sources.',
    unsupportedTitle: (n: number, of: number) => `Statements no source supports: ${n} of ${of}`,
    groundingLine: (on: string, references: string) => `Search grounding: ${on} · “참고” block: ${references}`,
    notChecked: 'This draft was written before the checks existed, or is not written yet.',
  },

  alerts: {
    deadLetterTitle: (queue: string) => `A job failed for good: ${queue}`,
    errorClass: 'Error',
    attempts: 'Attempts',
    account: 'Account',
    draft: 'Draft',
    retry: 'Retry',
    discard: 'Discard',
    retriedBy: (who: string) => `Retried by ${who}.`,
    discardedBy: (who: string) => `Discarded by ${who}.`,
    needsLoginTitle: (blogId: string) => `${blogId} needs a NAVER login`,
    needsLoginAction: 'Publishing for this account is paused. Store a login with `/account login` or import a browser session with `/account session`.',
  },

  /** Command descriptions (English is the default; keys are command.sub.option paths). */
  commands: {
    account: 'Manage NAVER Blog accounts of this channel',
    'account.add': 'Add a NAVER blog and link it to this channel',
    'account.link': 'Link an existing account to this channel',
    'account.unlink': 'Unlink an account from this channel',
    'account.list': 'List the accounts linked to this channel',
    'account.login': 'Store the NAVER login of an account (opens a private form)',
    'account.session': 'Import a browser session (storageState or cookie-list JSON)',
    'account.settings': 'Change how an account writes and publishes',
    'opt.blog_id': 'The NAVER blog id (blog.naver.com/<id>)',
    'opt.label': 'A short name for the account',
    'opt.account': 'The account',
    'opt.file': 'The JSON file',
    'opt.auto_approve': 'Publish drafts without waiting for approval',
    'opt.daily_cap': 'At most this many posts a day',
    'opt.visibility': 'Who can read the posts',
    'opt.category': 'The blog category to publish into',
    'opt.tone': 'Tone or persona of the writing',
    'opt.approver_role': 'Let members of this role approve drafts',
    'opt.remove_approver_role': 'Stop letting this role approve drafts',
    'opt.allowed_hours': 'Publishing hours in the account’s time zone, like 9-22 (0-24: any time)',
    'opt.min_interval': 'At least this many minutes between two posts',
    'opt.jitter': 'Delay each post by a random 0 to this many minutes, so posts do not go out on the minute',
    'opt.default_tags': 'Tags every post gets, separated by commas (- for none)',
    'opt.grounding': 'Check facts with Google Search while writing, and list the sources on the draft',
    'opt.references_block': 'End each post with a “참고” block listing its sources',
    'opt.banned_words': 'Words posts must not contain, separated by commas (- for none); drafts with them are flagged',
    schedule: 'Schedule posts',
    'schedule.post': 'Write one post (and publish it once approved)',
    'schedule.recurring': 'Write posts on a cron schedule',
    'schedule.list': 'List the recurring schedules of this channel',
    'schedule.remove': 'Remove a recurring schedule',
    'schedule.pause': 'Pause a recurring schedule',
    'schedule.resume': 'Resume a paused schedule',
    'opt.topic': 'What to write about (several topics: one per line or separated by |)',
    'opt.keywords': 'Keywords, separated by commas',
    'opt.publish_at': 'When to publish: 2026-12-01 09:00, in 2h, in 30m, in 1d',
    'opt.cron': 'Cron expression, e.g. 0 9 * * 1-5',
    'opt.timezone': 'IANA time zone (default Asia/Seoul)',
    'opt.id': 'The schedule id',
    drafts: 'Show the drafts of this channel, newest first',
    'opt.status': 'Only drafts with this status',
    'opt.flagged': 'Only drafts whose checks flagged something',
    queue: 'Show the queues of this channel’s accounts',
    dlq: 'Jobs that failed for good',
    'dlq.list': 'List unresolved dead letters',
  } as Record<string, string>,
};

export type Messages = typeof en;
