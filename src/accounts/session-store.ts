// Browser sessions and NAVER credentials, sealed with AES-256-GCM in the Account row.
import type { Db } from '../db/client.ts';
import type { SessionStore } from '../ports.ts';
import type { SecretBox } from './secrets.ts';

export class PrismaSessionStore implements SessionStore {
  private readonly db: Db;
  private readonly box: SecretBox;

  constructor(db: Db, box: SecretBox) {
    this.db = db;
    this.box = box;
  }

  async loadSession(accountId: string): Promise<unknown | null> {
    const a = await this.db.account.findUnique({ where: { id: accountId }, select: { sessionEnc: true } });
    return a?.sessionEnc ? this.box.open(a.sessionEnc) : null;
  }

  async saveSession(accountId: string, storageState: unknown): Promise<void> {
    // Only while a channel still has the account: a publish that ends after the last channel let go (and the
    // session was deleted) must not store it again.
    await this.db.account.updateMany({
      where: { id: accountId, channels: { some: {} } },
      data: { sessionEnc: this.box.seal(storageState), sessionSavedAt: new Date() },
    });
  }

  async loadCredentials(accountId: string): Promise<{ username: string; password: string } | null> {
    const a = await this.db.account.findUnique({ where: { id: accountId }, select: { credentialsEnc: true } });
    return a?.credentialsEnc ? this.box.open(a.credentialsEnc) : null;
  }

  async saveCredentials(accountId: string, credentials: { username: string; password: string }): Promise<void> {
    await this.db.account.update({ where: { id: accountId }, data: { credentialsEnc: this.box.seal(credentials) } });
  }
}
