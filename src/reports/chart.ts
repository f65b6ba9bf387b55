import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import { BarChart, type BarSeriesOption } from 'echarts/charts';
import {
  GraphicComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  type GraphicComponentOption,
  type GridComponentOption,
  type LegendComponentOption,
  type TitleComponentOption,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { DateTime } from 'luxon';
import { NETWORKS, type NetworkName } from '../networks/network.js';
import type { Locale } from '../platform/config.js';
import { FOLLOWUP_BUCKETS, type Figures } from './figures.js';
import { chartAlt, NETWORK_NAMES, periodLabel, reportTexts } from './texts.js';

/**
 * The report's chart: posts per day by network (stacked bars) beside how long follow-ups stayed open
 * (bars per bucket, still-open ones stacked and hatched). ECharts draws it as an SVG string with no
 * DOM (its "server-side SVG rendering", `ssr: true`), resvg turns it into the PNG Slack shows.
 */
echarts.use([BarChart, GridComponent, LegendComponent, TitleComponent, GraphicComponent, SVGRenderer]);

type Option = echarts.ComposeOption<BarSeriesOption | GridComponentOption | LegendComponentOption | TitleComponentOption | GraphicComponentOption>;

/**
 * Drawn at 1200 × 600 (wide, so the text stays legible in Slack's scaled-down preview) and rasterised
 * at 1.5×: sharp when opened full size, with about half the pixels (and encoding time) of 2×.
 */
const WIDTH = 1200;
const HEIGHT = 600;
const SCALE = 1.5;
const FONT = 'DejaVu Sans';

/** Okabe & Ito's colour-blind-safe palette ("Color Universal Design", 2002). */
const NETWORK_COLOURS: Record<NetworkName, string> = { x: '#000000', mastodon: '#CC79A7', bluesky: '#56B4E9' };
const ENDED_COLOUR = '#009E73';
const OPEN_COLOUR = '#E69F00';
const INK = '#222222';
const GRID_LINES = '#DDDDDD';

export interface Chart {
  svg: string;
  png: Buffer;
  /** Of the PNG, in pixels. */
  width: number;
  height: number;
  /** What the image shows, for people who cannot see it (Slack's `alt_txt`). */
  alt: string;
}

export function renderChart(f: Figures, view: { locale: Locale; timeZone: string }): Chart {
  const svg = chartSvg(f, view);
  const image = new Resvg(svg, {
    // Only the shipped font: a fresh server may have none, and another font would change the layout.
    font: { loadSystemFonts: false, fontFiles: [fontFile()], defaultFontFamily: FONT, sansSerifFamily: FONT },
    fitTo: { mode: 'zoom', value: SCALE },
    background: '#FFFFFF',
  }).render();
  return { svg, png: image.asPng(), width: image.width, height: image.height, alt: chartAlt(f, view) };
}

export function chartSvg(f: Figures, view: { locale: Locale; timeZone: string }): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height: HEIGHT });
  try {
    chart.setOption(chartOption(f, view));
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

function chartOption(f: Figures, view: { locale: Locale; timeZone: string }): Option {
  const t = reportTexts[view.locale];
  const monthly = f.period.kind === 'month';
  const dayLabels = f.days.map((d) => {
    const day = DateTime.fromISO(d.date, { zone: view.timeZone }).setLocale(t.localeTag);
    return monthly ? String(day.day) : t.chartWeekDay(day);
  });
  const dayTotals = f.days.map((d) => NETWORKS.reduce((sum, n) => sum + d.posts[n], 0));
  const bucketTotals = f.followups.buckets.map((b) => b.ended + b.open);
  const text = { fontFamily: FONT, color: INK };
  const axisLabel = { fontFamily: FONT, color: INK, fontSize: 17 };
  const left = { left: 60, right: 560, top: 140, bottom: 50 };
  const right = { left: 800, right: 50, top: 140, bottom: 50 };

  return {
    animation: false,
    textStyle: text,
    title: [
      { text: t.chartTitle({ period: periodLabel(f.period, t, view.timeZone) }), left: 'center', top: 14, textStyle: { ...text, fontSize: 27, fontWeight: 'normal' } },
      { text: t.chartPosts(), left: left.left - 10, top: 64, textStyle: { ...text, fontSize: 21, fontWeight: 'normal' } },
      { text: t.chartFollowups(), left: 690, top: 64, textStyle: { ...text, fontSize: 21, fontWeight: 'normal' } },
    ],
    legend: [
      { data: NETWORKS.map((n) => NETWORK_NAMES[n]), left: left.left - 10, top: 100, textStyle: { ...text, fontSize: 17 }, itemWidth: 20, itemHeight: 14, itemGap: 30 },
      { data: [t.chartEnded(), t.chartOpen()], left: 690, top: 100, textStyle: { ...text, fontSize: 17 }, itemWidth: 20, itemHeight: 14, itemGap: 30 },
    ],
    grid: [
      { ...left, containLabel: false },
      { ...right, containLabel: false },
    ],
    xAxis: [
      { type: 'category', gridIndex: 0, data: dayLabels, axisLabel: { ...axisLabel, interval: monthly ? 'auto' : 0 }, axisTick: { alignWithLabel: true } },
      { type: 'value', gridIndex: 1, minInterval: 1, axisLabel, splitLine: { lineStyle: { color: GRID_LINES } } },
    ],
    yAxis: [
      { type: 'value', gridIndex: 0, minInterval: 1, axisLabel, splitLine: { lineStyle: { color: GRID_LINES } } },
      // Buckets down the side, shortest first: their labels get the room they need.
      { type: 'category', gridIndex: 1, inverse: true, data: FOLLOWUP_BUCKETS.map((b) => t.bucket[b.id]), axisLabel: { ...axisLabel, interval: 0 }, axisTick: { alignWithLabel: true } },
    ],
    series: [
      ...NETWORKS.map(
        (n): BarSeriesOption => ({
          type: 'bar',
          name: NETWORK_NAMES[n],
          stack: 'posts',
          xAxisIndex: 0,
          yAxisIndex: 0,
          barMaxWidth: 48,
          itemStyle: { color: NETWORK_COLOURS[n] },
          data: f.days.map((d) => d.posts[n]),
        }),
      ),
      totalsOnTop('posts', 0, dayTotals, monthly ? 13 : 17, 'insideBottom'),
      { type: 'bar', name: t.chartEnded(), stack: 'followups', xAxisIndex: 1, yAxisIndex: 1, barMaxWidth: 48, itemStyle: { color: ENDED_COLOUR }, data: f.followups.buckets.map((b) => b.ended) },
      {
        type: 'bar',
        name: t.chartOpen(),
        stack: 'followups',
        xAxisIndex: 1,
        yAxisIndex: 1,
        barMaxWidth: 48,
        // Hatched as well as coloured: "still open" must not rest on colour alone.
        itemStyle: { color: OPEN_COLOUR, decal: { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [3, 5], rotation: -Math.PI / 4, color: 'rgba(0,0,0,0.35)' } },
        data: f.followups.buckets.map((b) => b.open),
      },
      totalsOnTop('followups', 1, bucketTotals, 17, 'insideLeft'),
    ],
    graphic: [
      ...(f.posts.total === 0 ? [emptyNote(t.chartNoPosts(), (left.left + WIDTH - left.right) / 2)] : []),
      ...(bucketTotals.every((n) => n === 0) ? [emptyNote(t.chartNoFollowups(), (right.left + WIDTH - right.right) / 2)] : []),
    ],
  };
}

/** An invisible bar on top of a stack whose label is the stack's total (blank when zero). */
function totalsOnTop(stack: string, axis: number, totals: number[], fontSize: number, position: 'insideBottom' | 'insideLeft'): BarSeriesOption {
  return {
    type: 'bar',
    stack,
    xAxisIndex: axis,
    yAxisIndex: axis,
    silent: true,
    itemStyle: { color: 'transparent' },
    label: { show: true, position, distance: 6, fontFamily: FONT, fontSize, color: INK, formatter: (p) => (totals[p.dataIndex] ? String(totals[p.dataIndex]) : '') },
    data: totals.map(() => 0),
  };
}

function emptyNote(text: string, x: number): GraphicComponentOption {
  return { type: 'text', x, y: (140 + HEIGHT - 50) / 2, style: { text, fontFamily: FONT, fontSize: 18, fill: '#777777', align: 'center', verticalAlign: 'middle' } };
}

/** assets/fonts/ at the project root, whether we run from src/ (tsx, tests) or dist/src/ (npm start). */
function fontFile(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const up of [['..', '..'], ['..', '..', '..']]) {
    const file = join(here, ...up, 'assets', 'fonts', 'DejaVuSans.ttf');
    if (existsSync(file)) return file;
  }
  throw new Error('assets/fonts/DejaVuSans.ttf not found next to the program');
}
