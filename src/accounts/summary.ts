// What the Discord side is shown of an account: never its credentials or session, only whether they exist.
import type { Account } from '../generated/prisma/client.ts';
import type { AccountSummary } from '../service-api.ts';

export function accountSummary(a: Account): AccountSummary {
  return {
    id: a.id,
    blogId: a.blogId,
    label: a.label,
    status: a.status,
    autoApprove: a.autoApprove,
    visibility: a.visibility,
    category: a.category,
    tone: a.tone,
    dailyCap: a.dailyCap,
    allowedHourStart: a.allowedHourStart,
    allowedHourEnd: a.allowedHourEnd,
    minIntervalMinutes: a.minIntervalMinutes,
    jitterMinutes: a.jitterMinutes,
    defaultTags: a.defaultTags,
    hasCredentials: Boolean(a.credentialsEnc),
    hasSession: Boolean(a.sessionEnc),
    approverRoleIds: a.approverRoleIds,
    bannedWords: a.bannedWords,
    grounding: a.grounding,
    referencesBlock: a.referencesBlock,
    persona: a.persona,
    closingLine: a.closingLine,
    bannedPhrases: a.bannedPhrases,
    styleExampleIds: a.styleExampleIds,
    aiDisclosure: a.aiDisclosure,
    imagesMode: a.imagesMode,
    imagesMin: a.imagesMin,
    imagesMax: a.imagesMax,
    imageStyle: a.imageStyle,
  };
}
