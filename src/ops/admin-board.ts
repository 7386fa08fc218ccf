// Bull Board at /admin/queues, behind HTTP Basic authentication. Per-account queues appear as AccountQueues
// opens them on this replica (onQueueOpened) and disappear when it closes them (onQueueClosed); the `dlq`
// queue is always listed. The board can retry, promote and remove jobs: treat its password like Redis access.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler, Router } from 'express';
import type { Queue } from 'bullmq';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Logger } from '../logging.ts';
import { LoginThrottle, type LoginThrottleOptions } from './login-throttle.ts';

export const ADMIN_BOARD_PATH = '/admin/queues';

export interface AdminCredentials {
  user: string;
  password: string;
}

export interface AdminBoard {
  /** The board, already wrapped in authentication; mount it at ADMIN_BOARD_PATH. */
  router: Router | RequestHandler[];
  addQueue(queue: Queue): void;
  removeQueue(queue: Queue): void;
  /** Names of the queues the board lists now. */
  queueNames(): string[];
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Compares in constant time whatever the lengths (both sides are hashed first). */
export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

/**
 * HTTP Basic authentication against one user and password, compared in constant time. Wrong logins are
 * throttled per client address (the socket's: `trust proxy` is off, so a header cannot pick the address).
 */
export function basicAuth(credentials: AdminCredentials, throttle: LoginThrottle, realm = 'Blog Autopilot admin'): RequestHandler {
  if (!credentials.user || !credentials.password) throw new Error('basicAuth needs a user and a password');
  return (req, res, next) => {
    const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const waitMs = throttle.refusal(address);
    if (waitMs > 0) {
      res.set('Retry-After', String(Math.ceil(waitMs / 1000)));
      res.status(429).type('text/plain').send('Too many failed logins from your address; try again later.\n');
      return;
    }
    const header = req.headers.authorization ?? '';
    const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
    if (match) {
      const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const user = colon >= 0 ? decoded.slice(0, colon) : decoded;
      const password = colon >= 0 ? decoded.slice(colon + 1) : '';
      // Both comparisons always run, so the timing does not tell which half was wrong.
      const userOk = safeEqual(user, credentials.user);
      const passwordOk = safeEqual(password, credentials.password);
      if (userOk && passwordOk) {
        throttle.success(address);
        return next();
      }
      throttle.failure(address, req.originalUrl);
    }
    res.set('WWW-Authenticate', `Basic realm="${realm}", charset="UTF-8"`);
    res.status(401).type('text/plain').send('Authentication required.\n');
  };
}

/**
 * Browsers send Basic credentials with cross-site requests too; a write that comes from another origin is
 * refused (a light CSRF guard for the board's retry/remove/clean actions).
 */
export const sameOriginWrites: RequestHandler = (req, res, next) => {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
  const origin = req.headers.origin ?? req.headers.referer;
  if (origin) {
    let host: string | null = null;
    try {
      host = new URL(origin).host;
    } catch {
      host = null;
    }
    if (host !== req.headers.host) {
      res.status(403).type('text/plain').send('Cross-origin request refused.\n');
      return;
    }
  }
  next();
};

/** Builds the board. Refuses to exist without credentials: an open board is full control of the queues. */
export function createAdminBoard(options: {
  credentials: AdminCredentials | null;
  logger: Logger;
  basePath?: string;
  /** Limits of failed logins per address (tests set the clock). */
  throttle?: Omit<LoginThrottleOptions, 'logger'>;
}): AdminBoard {
  const { credentials, logger } = options;
  if (!credentials?.user || !credentials.password) {
    throw new Error('The admin board needs ADMIN_USER and ADMIN_PASSWORD.');
  }
  const basePath = options.basePath ?? ADMIN_BOARD_PATH;
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(basePath);
  const board = createBullBoard({
    queues: [],
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Blog Autopilot' } },
  });
  const names = new Set<string>();
  return {
    router: [basicAuth(credentials, new LoginThrottle({ logger, ...options.throttle })), sameOriginWrites, serverAdapter.getRouter() as RequestHandler],
    addQueue(queue) {
      // delimiter '_' shows generate_<id> / publish_<id> as a tree under "generate" and "publish".
      board.addQueue(new BullMQAdapter(queue, { delimiter: '_' }));
      names.add(queue.name);
    },
    removeQueue(queue) {
      board.removeQueue(queue.name);
      names.delete(queue.name);
    },
    queueNames: () => [...names],
  };
}
