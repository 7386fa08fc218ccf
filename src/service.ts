// The domain's front door for the Discord surface (service-api.ts): each method checks what the actor's
// channel may touch and hands over to one verb file. A refusal throws a typed error and changes nothing.
import type { Domain } from './domain.ts';
import type { BlogAutopilotService, DraftRef } from './service-api.ts';
import type { CredentialDeps } from './accounts/credentials.ts';
import type { ScheduleCommands } from './scheduling/commands.ts';
import { addAccountHere, linkAccountHere } from './accounts/links.ts';
import { accountSummary } from './accounts/summary.ts';
import type { DraftRequestLimit } from './drafts/request-limit.ts';
import { unlinkAccount } from './accounts/unlink.ts';
import { listAccounts, searchAccounts } from './accounts/list.ts';
import { importSession, setCredentials } from './accounts/credentials.ts';
import { approverRoles, updateSettings } from './accounts/settings.ts';
import { requestEditorCheck } from './accounts/check.ts';
import { draftInChannel } from './channel-scope.ts';
import { draftSummary } from './drafts/summary.ts';
import { schedulePost } from './drafts/schedule-post.ts';
import { approve } from './drafts/approve.ts';
import { reject } from './drafts/reject.ts';
import { regenerate } from './drafts/regenerate.ts';
import { edit } from './drafts/edit.ts';
import { markPublished } from './drafts/mark-published.ts';
import { publishAgain } from './drafts/publish-again.ts';
import { requestPreview } from './drafts/preview.ts';
import { listDrafts } from './drafts/list.ts';
import { queueCounts } from './accounts/queue-counts.ts';
import { getDeadLetter, listDeadLetters, openDeadLetter } from './dead-letters/access.ts';
import { retryDeadLetter } from './dead-letters/retry.ts';
import { discardDeadLetter } from './dead-letters/discard.ts';
import { changeSchedule, createSchedule, listSchedules } from './scheduling/in-channel.ts';
import { channelReport } from './reports/channel-report.ts';
import { setWeeklyReport } from './reports/weekly.ts';
import { answerLoginRelay, cancelLoginRelay, openLoginRelay } from './accounts/relay-answers.ts';
import type { LoginRelays } from './accounts/login-relay.ts';
import { addPhotos, dropImage, requestImageRegeneration } from './drafts/images.ts';

export interface ServiceDeps extends Domain, CredentialDeps {
  schedules: ScheduleCommands;
  /** DRAFT_REQUESTS_PER_MEMBER_HOUR: /schedule post and Regenerate take a slot. */
  requestLimit: DraftRequestLimit;
  /** NAVER_BLOG_URL's host: the editor check stands for it. */
  blogHost?: string;
  relays: LoginRelays;
}

export function createService(d: ServiceDeps): BlogAutopilotService {
  const { db } = d;
  const inHand = (draft: DraftRef, channelId: string) => (typeof draft === 'string' ? draftInChannel(db, draft, channelId) : Promise.resolve(draft));
  const fresh = async (draftId: string, channelId: string) => draftSummary(await draftInChannel(db, draftId, channelId));
  return {
    async addAccount(input, actor) {
      const { account, created } = await addAccountHere(db, input, actor);
      if (created) d.logger.info({ accountId: account.id, blogId: account.blogId, by: actor.userId }, 'account added');
      return accountSummary(account);
    },
    linkAccount: async (ref, actor) => accountSummary(await linkAccountHere(db, ref, actor)),
    unlinkAccount: (ref, actor) => unlinkAccount(d, ref, actor),
    listAccounts: (channelId) => listAccounts(db, channelId),
    searchAccounts: (channelId, query, linkable) => searchAccounts(db, channelId, query, linkable),
    setCredentials: (ref, credentials, actor) => setCredentials(d, ref, credentials, actor),
    importSession: (ref, json, actor) => importSession(d, ref, json, actor),
    updateSettings: (ref, settings, actor) => updateSettings(db, ref, settings, actor),
    approverRoles: (accountId) => approverRoles(db, accountId),
    checkEditor: (ref, actor) => requestEditorCheck(d, d.blogHost ?? 'blog.naver.com', ref, actor),
    openLoginRelay: (ref, actor) => openLoginRelay(d, ref, actor),
    answerLoginRelay: (ref, answer, actor) => answerLoginRelay(d, ref, answer, actor),
    cancelLoginRelay: (ref, actor) => cancelLoginRelay(d, ref, actor),

    schedulePost: (input, actor) => schedulePost(d, input, actor),
    openDraft: (draftId, actor) => draftInChannel(db, draftId, actor.channelId),
    addPhotos: async (ref, photos, actor) => addPhotos(d, await inHand(ref, actor.channelId), photos, actor),
    regenerateImage: async (ref, slot, actor) => requestImageRegeneration(d, await inHand(ref, actor.channelId), slot, actor),
    dropImage: async (ref, slot, actor) => dropImage(d, await inHand(ref, actor.channelId), slot, actor),
    async approve(ref, actor) {
      const draft = await inHand(ref, actor.channelId);
      const planned = await approve(d, draft, actor);
      return { ...draftSummary(draft), status: 'approved', publishAt: planned };
    },
    async reject(ref, actor) {
      await reject(d, await inHand(ref, actor.channelId), actor);
    },
    async regenerate(ref, actor, feedback) {
      await regenerate(d, await inHand(ref, actor.channelId), actor, feedback);
    },
    async edit(ref, change, actor) {
      const draft = await inHand(ref, actor.channelId);
      await edit(d, draft, change, actor);
      return fresh(draft.id, actor.channelId);
    },
    async markPublished(ref, actor, url) {
      await markPublished(d, (await inHand(ref, actor.channelId)).id, actor, url);
    },
    async publishAgain(ref, actor) {
      await publishAgain(d, (await inHand(ref, actor.channelId)).id, actor);
    },
    preview: async (ref, actor) => requestPreview(d, await inHand(ref, actor.channelId), actor),
    getDraft: (draftId, actor) => fresh(draftId, actor.channelId),
    listDrafts: (query) => listDrafts(db, query),

    queueCounts: (channelId, ref) => queueCounts(d, channelId, ref),
    listDeadLetters: (channelId) => listDeadLetters(db, channelId),
    getDeadLetter: (id, actor) => getDeadLetter(db, id, actor),
    retryDeadLetter: async (id, actor) => retryDeadLetter(d, await openDeadLetter(db, id, actor), actor),
    discardDeadLetter: (id, actor) => discardDeadLetter(d, id, actor),

    report: (query) => channelReport(db, query),
    setWeeklyReport: (input, actor) => setWeeklyReport(db, { ...input, channelId: actor.channelId, guildId: actor.guildId, by: actor.userId }),

    createSchedule: (input, actor) => createSchedule(d, input, actor),
    listSchedules: (channelId) => listSchedules(d, channelId),
    removeSchedule: (id, actor) => changeSchedule(d, id, actor, 'remove'),
    pauseSchedule: (id, actor) => changeSchedule(d, id, actor, 'pause'),
    resumeSchedule: (id, actor) => changeSchedule(d, id, actor, 'resume'),
  };
}
