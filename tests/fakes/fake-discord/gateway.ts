// The gateway half of the fake: HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeat ACKs, and dispatch for injection.
import type { Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

export interface GatewayOptions {
  token: string;
  ready: () => { readyData: object; guilds: object[] };
}

export class FakeGateway {
  readonly #wss: WebSocketServer;
  readonly #sockets = new Set<WebSocket>();
  #seq = 0;
  identified = 0;

  private readonly options: GatewayOptions;

  constructor(server: Server, options: GatewayOptions) {
    this.options = options;
    this.#wss = new WebSocketServer({ server });
    this.#wss.on('connection', (ws) => this.#connect(ws));
  }

  #connect(ws: WebSocket): void {
    this.#sockets.add(ws);
    ws.on('close', () => this.#sockets.delete(ws));
    ws.on('error', () => this.#sockets.delete(ws));
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 45_000 }, s: null, t: null }));
    ws.on('message', (raw) => {
      const msg = JSON.parse(String(raw)) as { op: number; d: any };
      if (msg.op === 1) ws.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
      else if (msg.op === 2) {
        if (msg.d?.token !== this.options.token) return ws.close(4004, 'Authentication failed.');
        this.identified += 1;
        const { readyData, guilds } = this.options.ready();
        this.#send(ws, 'READY', readyData);
        for (const g of guilds) this.#send(ws, 'GUILD_CREATE', g);
      } else if (msg.op === 6) {
        // We keep no sessions: ask the client to identify again.
        ws.send(JSON.stringify({ op: 9, d: false, s: null, t: null }));
      }
    });
  }

  #send(ws: WebSocket, t: string, d: unknown): void {
    this.#seq += 1;
    ws.send(JSON.stringify({ op: 0, t, s: this.#seq, d }));
  }

  get connected(): number {
    return this.#sockets.size;
  }

  dispatch(t: string, d: unknown): void {
    for (const ws of this.#sockets) this.#send(ws, t, d);
  }

  async close(): Promise<void> {
    for (const ws of this.#sockets) ws.terminate();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }
}
