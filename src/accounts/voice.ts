// The account's voice in /account settings: persona, closing line, banned phrases, style examples (up to three
// of its own published posts) and an AI-disclosure sentence. Checked here; nothing is changed when one is wrong.
import type { Db, Prisma } from '../db/client.ts';
import type { AccountSettingsInput } from '../service-api.ts';
import { UserInputError } from '../refusals.ts';
import { checkLength, LIMITS, LimitError, type LimitName } from '../limits.ts';
import { IMAGE_SLOTS_MAX } from '../article.ts';
import { IMAGE_MODES } from '../images/place.ts';

/** Characters of the account's image style sentence. */
export const IMAGE_STYLE_MAX = 300;

const text = (limit: LimitName, raw: string | null) => checkLength(limit, raw?.trim() ?? '') || null;

export async function voiceOf(db: Db, accountId: string, s: AccountSettingsInput): Promise<Prisma.AccountUpdateInput> {
  const data: Prisma.AccountUpdateInput = {};
  if (s.persona !== undefined) data.persona = text('personaChars', s.persona);
  if (s.closingLine !== undefined) data.closingLine = text('closingLineChars', s.closingLine);
  if (s.aiDisclosure !== undefined) data.aiDisclosure = text('aiDisclosureChars', s.aiDisclosure);
  if (s.bannedPhrases !== undefined) {
    const phrases = [...new Set(s.bannedPhrases.map((p) => p.normalize('NFC').trim()).filter(Boolean))];
    if (phrases.length > LIMITS.bannedPhrases) throw new LimitError('bannedPhrases', phrases.length);
    phrases.forEach((p, i) => {
      if (p.length > LIMITS.bannedPhraseChars) throw new LimitError('bannedPhraseChars', p.length, phrases.length > 1 ? i + 1 : undefined);
    });
    data.bannedPhrases = phrases;
  }
  if (s.images !== undefined) {
    if (!(IMAGE_MODES as readonly string[]).includes(s.images)) throw new UserInputError('image_count_invalid', { max: IMAGE_SLOTS_MAX });
    data.imagesMode = s.images;
  }
  if (s.imageCount !== undefined) {
    const { min, max } = s.imageCount;
    if (![min, max].every((n) => Number.isInteger(n) && n >= 0 && n <= IMAGE_SLOTS_MAX) || min > max) throw new UserInputError('image_count_invalid', { max: IMAGE_SLOTS_MAX });
    Object.assign(data, { imagesMin: min, imagesMax: max });
  }
  if (s.imageStyle !== undefined) {
    const style = s.imageStyle?.trim() ?? '';
    if (style.length > IMAGE_STYLE_MAX) throw new UserInputError('image_style_too_long', { max: IMAGE_STYLE_MAX });
    data.imageStyle = style || null;
  }
  if (s.styleExamples !== undefined) data.styleExampleIds = await styleExamplesOf(db, accountId, s.styleExamples);
  return data;
}

/** Draft ids, post addresses or logNos of the account's published posts, as draft ids. */
async function styleExamplesOf(db: Db, accountId: string, refs: readonly string[]): Promise<string[]> {
  const wanted = [...new Set(refs.map((r) => r.trim()).filter(Boolean))];
  if (wanted.length > LIMITS.styleExamples) throw new LimitError('styleExamples', wanted.length);
  const ids: string[] = [];
  for (const ref of wanted) {
    const post = await db.draft.findFirst({
      where: { accountId, status: 'published', OR: [{ id: ref }, { publishedUrl: ref }, { logNo: ref }] },
      select: { id: true },
    });
    if (!post) throw new UserInputError('style_example_unknown', { ref });
    if (!ids.includes(post.id)) ids.push(post.id);
  }
  return ids;
}
