// The operations HTTP server: /healthz, /readyz, /metrics and (with credentials) the Bull Board.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import type { Logger } from '../logging.ts';
import { ADMIN_BOARD_PATH, type AdminBoard } from './admin-board.ts';
import { runReadiness, type ReadinessCheck } from './readiness.ts';

export interface OpsServerOptions {
  port: number;
  /** HTTP_HOST: the address to bind, 127.0.0.1 unless told otherwise. */
  host?: string;
  logger: Logger;
  checks: readonly ReadinessCheck[];
  /** Deadline of each readiness check. */
  readinessTimeoutMs?: number;
  metrics: { render(): Promise<string>; contentType: string };
  board?: AdminBoard | null;
  /** True once shutdown has begun: /readyz answers 503 so load balancers stop sending work. */
  draining?: () => boolean;
}

export interface OpsServer {
  server: Server;
  port: number;
  close(): Promise<void>;
}

export function createOpsApp(o: Omit<OpsServerOptions, 'port' | 'host'>): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);

  app.get('/healthz', (_req, res) => {
    res.status(200).json({ status: 'ok' });
  });

  app.get('/readyz', async (_req, res) => {
    if (o.draining?.()) {
      res.status(503).json({ status: 'shutting_down', failing: ['shutdown'], checks: {} });
      return;
    }
    const report = await runReadiness(o.checks, o.readinessTimeoutMs ?? 2_000);
    if (!report.ready) o.logger.warn({ failing: report.failing, checks: report.checks }, 'not ready');
    res.status(report.ready ? 200 : 503).json({ status: report.ready ? 'ready' : 'not_ready', failing: report.failing, checks: report.checks });
  });

  app.get('/metrics', async (_req, res) => {
    try {
      const body = await o.metrics.render();
      res.status(200).type(o.metrics.contentType).send(body);
    } catch (err) {
      o.logger.error({ err }, 'metrics rendering failed');
      res.status(500).type('text/plain').send('metrics unavailable\n');
    }
  });

  if (o.board) app.use(ADMIN_BOARD_PATH, ...(Array.isArray(o.board.router) ? o.board.router : [o.board.router]));

  app.use((_req, res) => {
    res.status(404).type('text/plain').send('Not found.\n');
  });
  return app;
}

/** Starts listening; resolves once the port is bound (port 0 picks a free one). */
export async function startOpsServer(o: OpsServerOptions): Promise<OpsServer> {
  const app = createOpsApp(o);
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(o.port, o.host ?? '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
    s.once('error', reject);
  });
  // Probes and scrapes are short; do not let idle keep-alive sockets hold shutdown.
  server.keepAliveTimeout = 5_000;
  const { port, address: host } = server.address() as AddressInfo;
  o.logger.info({ host, port, board: o.board ? ADMIN_BOARD_PATH : null }, 'ops http server listening');
  let closing: Promise<void> | null = null;
  return {
    server,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // Whatever is still open after a moment (a board poll, a slow scrape) is cut.
        setTimeout(() => server.closeAllConnections(), 1_000).unref();
      });
      return closing;
    },
  };
}
