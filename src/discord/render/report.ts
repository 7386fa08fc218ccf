// /report as a picture and a few lines: a Vega-Lite spec of the posts published per day (one colour per
// account), rendered by vega to SVG (headless, no canvas) and turned into a PNG by sharp, in colours that
// read on Discord's dark theme, with axis titles in the reader's language (Korean for the channel).
import { EmbedBuilder, type BaseMessageOptions } from 'discord.js';
import type { TopLevelSpec } from 'vega-lite';
import type { ChannelReport } from '../../reports/channel-report.ts';
import { messages, type Lang } from '../i18n.ts';
import { accountName } from './draft.ts';
import { clip } from './shown-text.ts';

export const REPORT_IMAGE = 'report.png';

/** Discord's dark theme: the embed background, its text and a quiet grid. */
const DARK = { background: '#2b2d31', text: '#dbdee1', grid: '#3f4147' };
/** Installed with fonts-noto-cjk (the Docker image has it too); Hangul needs a CJK font. */
const FONT = 'Noto Sans CJK KR, Noto Sans KR, sans-serif';

export function reportSpec(r: ChannelReport, lang: Lang): TopLevelSpec {
  const t = messages(lang).report;
  const values = r.accounts.flatMap((a) =>
    r.days.map((day, i) => ({ day: day.slice(5).replace('-', '/'), order: i, account: accountName(a.blogId, a.label), posts: a.publishedPerDay[i] ?? 0 })),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 760,
    height: 360,
    background: DARK.background,
    padding: 16,
    title: { text: t.chartTitle(r.days.length / 7), color: DARK.text, fontSize: 20, anchor: 'start', font: FONT },
    data: { values },
    mark: { type: 'bar', cornerRadiusTopLeft: 2, cornerRadiusTopRight: 2 },
    encoding: {
      x: { field: 'day', type: 'ordinal', sort: { field: 'order' }, title: t.axisDay, axis: { labelAngle: r.days.length > 14 ? -60 : 0, labelOverlap: true } },
      y: { field: 'posts', type: 'quantitative', aggregate: 'sum', title: t.axisPosts, axis: { tickMinStep: 1, format: 'd' } },
      color: { field: 'account', type: 'nominal', title: t.legendAccount, scale: { scheme: 'tableau10' } },
    },
    config: {
      font: FONT,
      view: { stroke: null },
      axis: { labelColor: DARK.text, titleColor: DARK.text, gridColor: DARK.grid, domainColor: DARK.grid, tickColor: DARK.grid, labelFontSize: 14, titleFontSize: 16 },
      legend: { labelColor: DARK.text, titleColor: DARK.text, labelFontSize: 14, titleFontSize: 15, orient: 'bottom', columns: 2, labelLimit: 300 },
    },
  };
}

/** The chart as PNG bytes (twice the spec's size, for phone screens). */
export async function reportChartPng(r: ChannelReport, lang: Lang): Promise<Buffer> {
  // Loaded on first use: vega and sharp are large and only /report needs them.
  const [vega, { compile }, { default: sharp }] = await Promise.all([import('vega'), import('vega-lite'), import('sharp')]);
  const spec = compile(reportSpec(r, lang)).spec;
  const view = new vega.View(vega.parse(spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG(2);
    return await sharp(Buffer.from(svg)).png().toBuffer();
  } finally {
    view.finalize();
  }
}

const percent = (found: number, decided: number) => (decided ? Math.round((found / decided) * 100) : null);

export async function renderReport(r: ChannelReport, lang: Lang): Promise<BaseMessageOptions> {
  const t = messages(lang).report;
  if (r.accounts.length === 0) return { content: t.noAccounts };
  const embed = new EmbedBuilder()
    .setTitle(t.title(r.days[0]!, r.days[r.days.length - 1]!))
    .setColor(0x5865f2)
    .setImage(`attachment://${REPORT_IMAGE}`)
    .setFooter({ text: r.timezone });
  for (const a of r.accounts.slice(0, 25)) {
    const share = percent(a.searchFound, a.searchDecided);
    embed.addFields({
      name: clip(accountName(a.blogId, a.label), 256),
      value: t.line(a.published, a.waiting, a.failures, a.deadLetters, share === null ? t.searchNone : t.search(a.searchFound, a.searchDecided, share)),
    });
  }
  return { embeds: [embed], files: [{ attachment: await reportChartPng(r, lang), name: REPORT_IMAGE }], allowedMentions: { parse: [] } };
}
