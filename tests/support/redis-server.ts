// Test-owned Redis servers (Debian's redis-server): a single server on a free port, which a test may kill,
// start again or wipe (optionally with AOF, as compose runs it, and a password); and a Redis Cluster of three
// masters on loopback ports that a test starts itself and tears down.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { eventually } from './eventually.ts';

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

async function answersPing(url: string): Promise<boolean> {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } finally {
    probe.disconnect();
  }
}

async function killed(proc: ChildProcess | null): Promise<void> {
  if (!proc || proc.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    proc.once('exit', () => resolve());
    proc.kill('SIGKILL');
  });
}

export interface TestRedisOptions {
  /** AOF directory (emptied at start); without it nothing survives a restart. */
  aofDir?: string;
  password?: string;
}

export class TestRedis {
  #proc: ChildProcess | null = null;
  readonly port: number;
  readonly options: TestRedisOptions;

  private constructor(port: number, options: TestRedisOptions) {
    this.port = port;
    this.options = options;
  }

  static async start(options: TestRedisOptions = {}): Promise<TestRedis> {
    if (options.aofDir) {
      rmSync(options.aofDir, { recursive: true, force: true });
      mkdirSync(options.aofDir, { recursive: true });
    }
    const r = new TestRedis(await freePort(), options);
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
    await eventually(() => answersPing(this.url), `redis-server on port ${this.port} to start`, { intervalMs: 50, timeoutMs: 15_000 });
  }

  /** SIGKILL: a crash, as its clients see it. */
  async kill(): Promise<void> {
    const proc = this.#proc;
    this.#proc = null;
    await killed(proc);
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

/**
 * A Redis Cluster of three masters (no replicas) on 127.0.0.1:`basePort`..`basePort`+2, its node files in a
 * temporary directory. Ports 7100–7199 belong to these tests: a test file and the bench use different bases.
 */
export class TestRedisCluster {
  readonly ports: number[];
  readonly #procs: ChildProcess[] = [];
  readonly #dir: string;

  private constructor(basePort: number) {
    this.ports = [basePort, basePort + 1, basePort + 2];
    this.#dir = mkdtempSync(path.join(tmpdir(), 'bap-cluster-'));
  }

  static async start(basePort = 7100): Promise<TestRedisCluster> {
    const c = new TestRedisCluster(basePort);
    try {
      await c.#start();
    } catch (err) {
      await c.stop();
      throw err;
    }
    return c;
  }

  /** The service's REDIS_URL for this cluster. */
  get url(): string {
    return `redis+cluster://${this.ports.map((p) => `127.0.0.1:${p}`).join(',')}`;
  }

  async #start(): Promise<void> {
    for (const port of this.ports) {
      if (await answersPing(`redis://127.0.0.1:${port}`).catch(() => false)) throw new Error(`port ${port} is taken by another redis-server (a cluster left over?)`);
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.#dir];
      args.push('--cluster-enabled', 'yes', '--cluster-config-file', path.join(this.#dir, `nodes-${port}.conf`), '--cluster-node-timeout', '5000');
      this.#procs.push(spawn('redis-server', args, { stdio: 'ignore' }));
    }
    for (const port of this.ports) await eventually(() => answersPing(`redis://127.0.0.1:${port}`), `cluster node ${port} to start`, { intervalMs: 50, timeoutMs: 15_000 });
    const created = spawnSync('redis-cli', ['--cluster', 'create', ...this.ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'], { encoding: 'utf8' });
    if (created.status !== 0) throw new Error(`redis-cli --cluster create failed: ${created.stdout}${created.stderr}`);
    for (const port of this.ports) {
      await eventually(async () => {
        const node = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0 });
        node.on('error', () => undefined);
        try {
          await node.connect();
          return String(await node.cluster('INFO')).includes('cluster_state:ok');
        } finally {
          node.disconnect();
        }
      }, `cluster_state:ok on ${port}`, { intervalMs: 100, timeoutMs: 30_000 });
    }
  }

  /** The port of the master that holds `key`'s slot. */
  async nodeOf(key: string): Promise<number> {
    const node = new Redis(this.ports[0]!, '127.0.0.1', { maxRetriesPerRequest: 1 });
    try {
      const slot = Number(await node.cluster('KEYSLOT', key));
      const ranges = await node.cluster('SLOTS');
      const master = ranges.find(([from, to]) => slot >= from && slot <= to)?.[2];
      if (!master) throw new Error(`no node serves slot ${slot}`);
      return master[1];
    } finally {
      node.disconnect();
    }
  }

  /** Keys on one node matching `pattern`. */
  async keysOn(port: number, pattern: string): Promise<string[]> {
    const node = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: 1 });
    try {
      const keys: string[] = [];
      let cursor = '0';
      do {
        const [next, batch] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        cursor = next;
        keys.push(...batch);
      } while (cursor !== '0');
      return keys;
    } finally {
      node.disconnect();
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.#procs.splice(0).map((p) => killed(p)));
    rmSync(this.#dir, { recursive: true, force: true });
  }
}
