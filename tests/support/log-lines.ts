// A logger whose JSON lines a test can read back: for "skipped and logged" checks, and for log lines that
// mark the point a test waits for (e.g. a job's dead-letter handling has finished).
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/logging.ts';

export type LogLine = Record<string, unknown>;

export function capturingLogger(level = 'info'): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  return { logger: createLogger({ level, destination: sink }), lines };
}
