// `npm run bench:chart`: how long /report takes to draw its chart (Vega-Lite → vega SVG → sharp PNG) and how
// large the PNG is, for 5 accounts over 1, 4 and 12 weeks. The first drawing also loads vega and sharp.
import sharp from 'sharp';
import { reportChartPng } from '../src/discord/render/report.ts';
import type { ChannelReport } from '../src/reports/channel-report.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const results = [];
for (const weeks of [1, 4, 12]) {
  const days = Array.from({ length: weeks * 7 }, (_, i) => new Date(Date.UTC(2026, 8, 1 + i)).toISOString().slice(0, 10));
  const accounts = Array.from({ length: 5 }, (_, k) => ({
    accountId: `a${k}`,
    blogId: `blog${k}`,
    label: `블로그 ${k}`,
    publishedPerDay: days.map((_, i) => (i * (k + 2)) % 4),
    published: 0,
    waiting: 0,
    failures: 0,
    deadLetters: 0,
    searchDecided: 0,
    searchFound: 0,
  }));
  const report: ChannelReport = { from: new Date(), to: new Date(), timezone: 'Asia/Seoul', days, accounts };
  const ms: number[] = [];
  let png: Buffer = Buffer.alloc(0);
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now();
    png = await reportChartPng(report, 'ko');
    ms.push(Math.round(performance.now() - t));
  }
  const meta = await sharp(png).metadata();
  results.push({ weeks, accounts: accounts.length, ms, medianMs: [...ms].sort((a, b) => a - b)[Math.floor(ms.length / 2)], pngBytes: png.length, size: `${meta.width}x${meta.height}` });
}
console.log(JSON.stringify(results, null, 2));
