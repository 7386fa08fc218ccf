// Kills replicas at the moments that matter and starts them again. A moment is recognised where it happens:
// the fake Gemini receiving a call (a draft is being written), the fake NAVER serving a write page (the
// editor is being filled, the final click still ahead) or storing a post (the click just happened). The
// connection's client port leads, through /proc, to the process that made the request and so to its replica.
import { ownerOfConnection } from './procs.ts';
import type { ServiceProcess } from './service-process.ts';
import type { World } from './world.ts';

export type Moment = 'generation' | 'before-click' | 'after-click';

export interface Kill {
  moment: Moment | 'bot';
  replica: string;
  at: number;
}

/** The moment a kill waits for; `claimed` once a request at that moment was taken (its kill is on its way). */
interface Armed {
  moment: Moment;
  fired: (replica: ServiceProcess | null) => void;
  claimed: boolean;
}

export class Killer {
  readonly kills: Kill[] = [];
  readonly skipped: string[] = [];
  #armed: Armed | null = null;
  #restarts: Promise<void>[] = [];

  readonly #world: World;

  constructor(world: World) {
    this.#world = world;
    const chaos = world.chaos;
    world.gemini.fallback = (req) => {
      this.#trigger('generation', req.clientPort, world.gemini.port, 150 + Math.random() * 400);
      return chaos(req);
    };
    const naverPort = Number(new URL(world.naver.baseUrl).port);
    world.naver.hooks.writePage = (_blogId, clientPort) => this.#trigger('before-click', clientPort, naverPort, 500 + Math.random() * 2_500);
    world.naver.hooks.afterStore = async (_post, clientPort) => {
      const claimed = this.#claim('after-click', clientPort, naverPort);
      if (!claimed) return;
      // Dead before NAVER's answer reaches the browser: the post exists, the replica never learns it.
      await this.#kill(claimed.replica, 'after-click');
      claimed.done();
    };
  }

  /** The replica whose process tree holds `pid`. */
  replicaOf(pid: number): ServiceProcess | null {
    return [...this.#world.replicas.values()].find((r) => r.running && r.tree().includes(pid)) ?? null;
  }

  /**
   * Waits for `moment` and kills the replica that is at it (it is started again in the background); false
   * when the moment did not come in time.
   */
  async at(moment: Moment, waitMs = 60_000): Promise<boolean> {
    let armed!: Armed;
    const fired = new Promise<ServiceProcess | null>((resolve) => (this.#armed = armed = { moment, fired: resolve, claimed: false }));
    const timer = new Promise<null>((resolve) => setTimeout(() => resolve(null), waitMs));
    let replica = await Promise.race([fired, timer]);
    // Claimed just before the deadline, the kill still comes (after its delay): wait for it, so that the replica
    // is started again. Without this, a replica killed after the deadline stayed down for the rest of the run.
    if (!replica && armed.claimed) replica = await fired;
    if (this.#armed === armed) this.#armed = null;
    if (!replica) {
      this.skipped.push(moment);
      return false;
    }
    void this.#restartWhenDown(replica).catch(() => undefined);
    return true;
  }

  /** Kills a replica now (e.g. the bot in the middle of a click) and starts it again. */
  async now(replica: ServiceProcess, moment: Kill['moment']): Promise<void> {
    await this.#kill(replica, moment);
    await this.#restartWhenDown(replica);
  }

  /** Every restart begun has finished (or failed). */
  async settled(): Promise<void> {
    await Promise.allSettled(this.#restarts);
  }

  /** Takes the armed moment if this request is it; the caller kills, then calls `done`. */
  #claim(moment: Moment, clientPort: number, serverPort: number): { replica: ServiceProcess; done: () => void } | null {
    if (this.#armed?.moment !== moment) return null;
    const pid = ownerOfConnection(clientPort, serverPort);
    const replica = pid ? this.replicaOf(pid) : null;
    if (!replica) return null;
    const armed = this.#armed;
    armed.claimed = true;
    this.#armed = null;
    return { replica, done: () => armed.fired(replica) };
  }

  #trigger(moment: Moment, clientPort: number, serverPort: number, delayMs: number): void {
    const claimed = this.#claim(moment, clientPort, serverPort);
    if (claimed) setTimeout(() => void this.#kill(claimed.replica, moment).finally(claimed.done), delayMs);
  }

  async #kill(replica: ServiceProcess, moment: Kill['moment']): Promise<void> {
    if (!replica.running) return;
    this.kills.push({ moment, replica: replica.name, at: Date.now() });
    await replica.kill();
  }

  async #restartWhenDown(replica: ServiceProcess): Promise<void> {
    const restart = (async () => {
      for (let i = 0; replica.running && i < 100; i++) await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 1_000));
      await replica.startAndWait();
    })();
    this.#restarts.push(restart);
    await restart;
  }
}
