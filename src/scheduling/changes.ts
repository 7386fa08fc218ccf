// Schedule changes reach every replica's Scheduler at once over Redis pub/sub (the periodic resync catches
// what a reconnect lost).
import { duplicateRedis, type RedisClient } from '../redis.ts';
import type { Logger } from '../logging.ts';

export const scheduleChannel = (prefix: string) => `${prefix}:schedules`;

/** Tells every Scheduler on this Redis prefix (this process's included) to reload one schedule. */
export async function publishScheduleChange(redis: Pick<RedisClient, 'publish'>, prefix: string, scheduleId: string): Promise<void> {
  await redis.publish(scheduleChannel(prefix), scheduleId);
}

/** A subscriber connection (a duplicate of `redis`) that reports changes and reconnects. */
export async function subscribeToScheduleChanges(
  redis: RedisClient,
  prefix: string,
  log: Logger,
  on: { changed: (scheduleId: string) => void; reconnected: () => void },
): Promise<RedisClient> {
  const sub = duplicateRedis(redis, `${prefix}:schedule-subscriber`);
  sub.on('error', (err) => log.warn({ err: err.message }, 'schedule subscriber error'));
  sub.on('message', (_channel, id: string) => on.changed(id));
  // ioredis resubscribes after a reconnect; messages sent meanwhile are lost, so resync then.
  let connectedOnce = false;
  sub.on('ready', () => {
    if (connectedOnce) on.reconnected();
    connectedOnce = true;
  });
  try {
    await sub.subscribe(scheduleChannel(prefix));
  } catch (err) {
    sub.disconnect();
    throw err;
  }
  return sub;
}
