// Watches the Chromium processes below a process from a worker thread: the peak of their summed PSS and the
// most browser processes (Chromium itself, not its renderers and helpers) alive at once. Reading /proc for a
// dozen Chromium processes takes tens of milliseconds of synchronous work (smaps_rollup walks each process's
// mappings); done on the main thread it would stall the event loop that drives the publishes and serves the
// fake NAVER, and the bench would slow down what it measures.
import { readFileSync } from 'node:fs';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { cmdline, descendants, pssBytes } from './procs.ts';

export interface ChromiumPeaks {
  pssBytes: number;
  browsers: number;
}

interface SamplerData {
  chromiumSampler: { root: number; everyMs: number; debug: boolean };
}

const isChromium = (cmd: string) => /chrom(e|ium)/i.test(cmd.split(' ')[0] ?? '');
/** The browser process itself: Chromium's own executable without a --type (renderers, GPU, utilities have one). */
const isBrowser = (cmd: string) => /\/(chromium|chrome)$/.test(cmd.split(' ')[0] ?? '') && !cmd.includes('--type=');

/** Starts sampling the Chromium processes below `root`; `stop()` ends it and gives the peaks seen. */
export function sampleChromium(root: number, everyMs = 100): { stop(): Promise<ChromiumPeaks> } {
  const data: SamplerData = { chromiumSampler: { root, everyMs, debug: Boolean(process.env.BENCH_DEBUG) } };
  const worker = new Worker(new URL(import.meta.url), { workerData: data });
  const failed = new Promise<never>((_, reject) => worker.once('error', reject));
  failed.catch(() => {});
  let stopped: Promise<ChromiumPeaks> | null = null;
  const stop = async () => {
    const peaks = new Promise<ChromiumPeaks>((resolve) => worker.once('message', resolve));
    worker.postMessage('stop');
    try {
      return await Promise.race([peaks, failed]);
    } finally {
      await worker.terminate();
    }
  };
  // Stopping twice (once for the figures, once in a finally) gives the same answer.
  return { stop: () => (stopped ??= stop()) };
}

function parentOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return 0;
  }
}

function runSampler({ root, everyMs, debug }: SamplerData['chromiumSampler']): void {
  const peaks: ChromiumPeaks = { pssBytes: 0, browsers: 0 };
  const sample = () => {
    const chromium = descendants(root)
      .map((pid) => ({ pid, cmd: cmdline(pid) }))
      .filter((p) => isChromium(p.cmd));
    // Summed as PSS: Chromium's processes share much of their memory, which a sum of RSS would count again and again.
    peaks.pssBytes = Math.max(peaks.pssBytes, chromium.reduce((sum, p) => sum + pssBytes(p.pid), 0));
    // Chromium starts its GPU and utility processes by fork and exec: between the two the child still shows the
    // browser's own command line. A browser process is one whose parent is not Chromium.
    const pids = new Set(chromium.map((p) => p.pid));
    const browsers = chromium.filter((p) => isBrowser(p.cmd) && !pids.has(parentOf(p.pid)));
    if (debug) {
      const lookalikes = chromium.filter((p) => isBrowser(p.cmd) && pids.has(parentOf(p.pid)));
      if (lookalikes.length) console.log('forked, not yet a helper:', lookalikes.map((p) => `${p.pid} (parent ${parentOf(p.pid)})`).join(', '));
    }
    peaks.browsers = Math.max(peaks.browsers, browsers.length);
  };
  const timer = setInterval(sample, everyMs);
  parentPort!.on('message', () => {
    clearInterval(timer);
    sample();
    parentPort!.postMessage(peaks);
  });
}

if (!isMainThread && (workerData as Partial<SamplerData> | null)?.chromiumSampler) runSampler((workerData as SamplerData).chromiumSampler);
