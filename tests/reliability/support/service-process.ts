// One replica of the service as an operator runs it: `npm start` in its own OS process, configured only by
// its environment. It can be killed like a crashed container (SIGKILL to node and everything below it,
// Chromium included), stopped gracefully (SIGTERM) and started again. Everything it prints is kept, in
// memory for assertions and in a log file per replica for whoever reads a failed run.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '../../ops/support/redis-server.ts';
import { cmdline, descendants, isAlive } from './procs.ts';

export type Role = 'all' | 'bot' | 'worker';

const ROOT = path.resolve(import.meta.dirname, '../../..');

export class ServiceProcess {
  #child: ChildProcess | null = null;
  #exited: Promise<number | null> = Promise.resolve(null);
  /** Every byte every run of this replica wrote to stdout and stderr. */
  output = '';
  starts = 0;
  kills = 0;
  port = 0;

  readonly name: string;
  readonly role: Role;
  readonly #env: () => Record<string, string>;
  readonly #logFile: string;

  constructor(name: string, role: Role, env: () => Record<string, string>, logFile: string) {
    this.name = name;
    this.role = role;
    this.#env = env;
    this.#logFile = logFile;
  }

  get running(): boolean {
    return this.#child !== null && this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /** The node process running src/main.ts (npm's child), or null while it is not running. */
  nodePid(): number | null {
    const npm = this.#child?.pid;
    if (!npm || !this.running) return null;
    return descendants(npm).find((p) => /src\/main\.ts/.test(cmdline(p)) && !/^(sh|bash|npm)\b/.test(cmdline(p))) ?? null;
  }

  /** The npm process and everything below it. */
  tree(): number[] {
    const npm = this.#child?.pid;
    return npm ? [npm, ...descendants(npm)] : [];
  }

  async start(extraEnv: Record<string, string> = {}): Promise<void> {
    if (this.running) throw new Error(`${this.name} is already running`);
    this.port = await freePort();
    this.starts++;
    const header = `\n──── ${this.name} (${this.role}) start #${this.starts} at ${new Date().toISOString()} ────\n`;
    this.#write(header);
    const child = spawn('npm', ['--silent', 'start'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: process.env.HOME ?? '/tmp',
        NPM_CONFIG_UPDATE_NOTIFIER: 'false',
        ROLE: this.role,
        HTTP_PORT: String(this.port),
        ...this.#env(),
        ...extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    this.#exited = new Promise((resolve) => child.once('close', (code) => resolve(code)));
    child.stdout!.on('data', (d: Buffer) => this.#write(d.toString()));
    child.stderr!.on('data', (d: Buffer) => this.#write(d.toString()));
  }

  /** Waits until /readyz says 200 (Redis, PostgreSQL and, for the bot, the Discord gateway). */
  async ready(timeoutMs = 90_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.running) throw new Error(`${this.name} exited while starting:\n${this.output.slice(-3000)}`);
      const ok = await fetch(`http://127.0.0.1:${this.port}/readyz`, { signal: AbortSignal.timeout(3_000) })
        .then((r) => r.status === 200)
        .catch(() => false);
      if (ok) return;
      if (Date.now() > deadline) throw new Error(`${this.name} was not ready within ${timeoutMs} ms:\n${this.output.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  async startAndWait(extraEnv: Record<string, string> = {}): Promise<void> {
    await this.start(extraEnv);
    await this.ready();
  }

  /** A crash: SIGKILL to node first, then to everything left below npm (Chromium would die with its container). */
  async kill(): Promise<void> {
    const child = this.#child;
    if (!child || !this.running) return;
    const node = this.nodePid();
    const tree = this.tree();
    if (node) process.kill(node, 'SIGKILL');
    for (const pid of tree) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
    await this.#exited;
    // Chromium helpers re-parented to init when node died: they are part of the crash too.
    for (const pid of tree.filter(isAlive)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
    this.kills++;
    this.#write(`\n──── ${this.name} SIGKILLed at ${new Date().toISOString()} ────\n`);
    this.#child = null;
  }

  /** A graceful stop (SIGTERM to node, as the image's tini would pass it on). Returns the exit code. */
  async stop(): Promise<number | null> {
    const child = this.#child;
    if (!child || !this.running) return null;
    const node = this.nodePid();
    if (node) process.kill(node, 'SIGTERM');
    else child.kill('SIGTERM');
    const timer = setTimeout(() => void this.kill(), 60_000);
    const code = await this.#exited;
    clearTimeout(timer);
    this.#child = null;
    return code;
  }

  async metrics(): Promise<string> {
    return fetch(`http://127.0.0.1:${this.port}/metrics`, { signal: AbortSignal.timeout(5_000) })
      .then((r) => r.text())
      .catch(() => '');
  }

  #write(text: string): void {
    this.output += text;
    appendFileSync(this.#logFile, text);
  }
}
