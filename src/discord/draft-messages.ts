// Which Discord messages show which draft, so the notifier can edit them as the draft moves. Discord's
// own bookkeeping: the domain never reads it.
import type { Db } from '../db/client.ts';
import type { Article } from '../article.ts';
import { cardImages, type CardImage } from '../images/store.ts';

export interface MessageRef {
  channelId: string;
  messageId: string;
}

export interface DraftMessages {
  record(draftId: string, ref: MessageRef): Promise<void>;
  of(draftId: string): Promise<MessageRef[]>;
  /** The draft's pictures, for its card (issue 13); a store without them shows none. */
  images?(draftId: string, article: Article | null): Promise<CardImage[]>;
}

/** The draft's pictures for its card (a card without them beats no card): none when its article has no image block, or when they cannot be read (`warn`). */
export async function picturesOf(store: DraftMessages, draftId: string, article: Article | null, warn: (err: unknown) => void): Promise<CardImage[]> {
  if (!store.images || !article?.blocks.some((b) => b.type === 'image')) return [];
  return store.images(draftId, article).catch((err: unknown) => (warn(err), []));
}

export function draftMessageStore(db: Db): DraftMessages {
  return {
    async record(draftId, ref) {
      // A draft removed meanwhile has no messages to keep.
      await db.draftMessage
        .createMany({ data: [{ draftId, channelId: ref.channelId, messageId: ref.messageId }], skipDuplicates: true })
        .catch((err: unknown) => {
          if ((err as { code?: string }).code !== 'P2003') throw err;
        });
    },
    images: (draftId, article) => cardImages(db, draftId, article),
    async of(draftId) {
      return db.draftMessage.findMany({ where: { draftId }, select: { channelId: true, messageId: true }, orderBy: { createdAt: 'asc' } });
    },
  };
}
