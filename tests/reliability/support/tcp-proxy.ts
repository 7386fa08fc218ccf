// A TCP proxy in front of PostgreSQL that can cut the service off: every open connection is dropped and new
// ones are closed as soon as they arrive, for a while, the way a network partition or a database failover
// looks to a client.
import { connect, createServer, type Server, type Socket } from 'node:net';

export class TcpProxy {
  readonly #sockets = new Set<Socket>();
  readonly #server: Server;
  #cutUntil = 0;
  port = 0;
  /** Connections dropped or refused while cut. */
  dropped = 0;

  private constructor(targetHost: string, targetPort: number) {
    this.#server = createServer((client) => {
      if (this.isCut) {
        this.dropped++;
        client.destroy();
        return;
      }
      const upstream = connect(targetPort, targetHost);
      this.#track(client);
      this.#track(upstream);
      client.pipe(upstream);
      upstream.pipe(client);
      const close = () => {
        client.destroy();
        upstream.destroy();
      };
      for (const s of [client, upstream]) {
        s.on('error', close);
        s.on('close', close);
      }
    });
  }

  static async start(targetHost: string, targetPort: number): Promise<TcpProxy> {
    const proxy = new TcpProxy(targetHost, targetPort);
    await new Promise<void>((resolve) => proxy.#server.listen(0, '127.0.0.1', resolve));
    proxy.port = (proxy.#server.address() as { port: number }).port;
    return proxy;
  }

  #track(s: Socket): void {
    this.#sockets.add(s);
    s.on('close', () => this.#sockets.delete(s));
  }

  /** Drops every connection now and refuses new ones for `ms`. */
  cut(ms: number): void {
    this.#cutUntil = Date.now() + ms;
    for (const s of this.#sockets) {
      this.dropped++;
      s.destroy();
    }
  }

  get isCut(): boolean {
    return Date.now() < this.#cutUntil;
  }

  async close(): Promise<void> {
    for (const s of this.#sockets) s.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
