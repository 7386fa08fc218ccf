// The service's own redis-server for a scenario, on a free port: with AOF on (as compose runs it) so that a
// restart keeps its data, optionally with a password; it can be killed, started again, or wiped.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { Redis } from 'ioredis';
import { freePort } from '../../ops/support/redis-server.ts';

export interface ScenarioRedisOptions {
  /** AOF directory; without it nothing survives a restart. */
  aofDir?: string;
  password?: string;
}

export class ScenarioRedis {
  #proc: ChildProcess | null = null;
  readonly port: number;
  readonly options: ScenarioRedisOptions;

  private constructor(port: number, options: ScenarioRedisOptions) {
    this.port = port;
    this.options = options;
  }

  static async start(options: ScenarioRedisOptions = {}): Promise<ScenarioRedis> {
    if (options.aofDir) {
      rmSync(options.aofDir, { recursive: true, force: true });
      mkdirSync(options.aofDir, { recursive: true });
    }
    const r = new ScenarioRedis(await freePort(), options);
    await r.start();
    return r;
  }

  get url(): string {
    const auth = this.options.password ? `:${encodeURIComponent(this.options.password)}@` : '';
    return `redis://${auth}127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', ''];
    if (this.options.aofDir) args.push('--appendonly', 'yes', '--appendfsync', 'everysec', '--dir', this.options.aofDir, '--maxmemory-policy', 'noeviction');
    else args.push('--appendonly', 'no');
    if (this.options.password) args.push('--requirepass', this.options.password);
    this.#proc = spawn('redis-server', args, { stdio: 'ignore' });
    const deadline = Date.now() + 15_000;
    for (;;) {
      const probe = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => undefined);
      try {
        await probe.connect();
        if ((await probe.ping()) === 'PONG') return;
      } catch {
        // not up yet
      } finally {
        probe.disconnect();
      }
      if (Date.now() > deadline) throw new Error(`redis-server on port ${this.port} did not start`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** SIGKILL: a crash, as its clients see it. */
  async kill(): Promise<void> {
    const proc = this.#proc;
    this.#proc = null;
    if (!proc || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGKILL');
    });
  }

  /** Killed and started again with nothing: a new instance, or one that ran without persistence. */
  async restartEmpty(): Promise<void> {
    await this.kill();
    if (this.options.aofDir) {
      rmSync(this.options.aofDir, { recursive: true, force: true });
      mkdirSync(this.options.aofDir, { recursive: true });
    }
    await this.start();
  }
}
