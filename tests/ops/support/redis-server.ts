// A private redis-server on a free port, which a test may kill and start again.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { eventually } from '../../support/eventually.ts';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface PrivateRedisOptions {
  /** Run with AOF on (as compose does) in this directory; without it nothing survives a restart. */
  aofDir?: string;
}

export class PrivateRedis {
  #proc: ChildProcess | null = null;
  readonly port: number;
  private readonly options: PrivateRedisOptions;
  private constructor(port: number, options: PrivateRedisOptions) {
    this.port = port;
    this.options = options;
  }

  static async start(options: PrivateRedisOptions = {}): Promise<PrivateRedis> {
    const r = new PrivateRedis(await freePort(), options);
    await r.start();
    return r;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const persistence = this.options.aofDir
      ? ['--appendonly', 'yes', '--appendfsync', 'everysec', '--dir', this.options.aofDir, '--maxmemory-policy', 'noeviction']
      : ['--appendonly', 'no'];
    const proc = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', ...persistence], { stdio: 'ignore' });
    this.#proc = proc;
    await eventually(async () => {
      const probe = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => undefined);
      try {
        await probe.connect();
        return (await probe.ping()) === 'PONG';
      } finally {
        probe.disconnect();
      }
    }, `redis-server on port ${this.port} to start`, { intervalMs: 50 });
  }

  /** SIGKILL: the way a crashed Redis looks to its clients. */
  async kill(): Promise<void> {
    const proc = this.#proc;
    this.#proc = null;
    if (!proc || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGKILL');
    });
  }
}
