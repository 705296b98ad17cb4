/// <reference lib="dom" />
// The day's page as a phone shows it (Chromium, 360 px wide): the page itself never scrolls sideways,
// the tables scroll inside their frames, and the chart's labels do not overlap.
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCampaign } from '../../shared/config/campaign.ts';
import { renderHtml, trendChart } from '../../shared/domain/snapshot/html.ts';
import { buildSnapshot } from '../../shared/domain/snapshot/model.ts';
import { CHROMIUM_PATH, launchChromium } from '../support/chromium.ts';
import { report, values } from './fixtures.ts';

const campaign = defaultCampaign();
const date = '2023-12-15';
let browser: Browser;

function page(): string {
  const history = new Map(campaign.reportDates.filter((d) => d < date).map((d, i) => [d,
    campaign.provinces.slice(0, 10 + i * 5).map((p) => report(p.code, d, `${d}T01:00:00Z`, { values: values(Number(p.code)) }))]));
  return renderHtml(buildSnapshot({
    campaign, date, final: true, generatedAt: new Date('2023-12-15T12:00:00Z'), submissions: [], history,
    reports: campaign.provinces.map((p) => report(p.code, date, '2023-12-15T01:00:00Z', { values: values(Number(p.code)) })),
  }));
}

beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);
afterAll(async () => { await browser?.close(); });

describe.skipIf(!existsSync(CHROMIUM_PATH))('the html snapshot on a narrow screen', () => {
  it('keeps the page within the screen and scrolls each table inside its frame', async () => {
    const tab = await browser.newPage({ viewport: { width: 360, height: 740 } });
    await tab.setContent(page());
    const layout = await tab.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      screen: window.innerWidth,
      frames: [...document.querySelectorAll('.scroll')].map((f) => ({ scroll: f.scrollWidth, client: f.clientWidth, overflow: getComputedStyle(f).overflowX })),
    }));
    expect(layout.page).toBeLessThanOrEqual(layout.screen);
    expect(layout.frames.length).toBe(2);
    expect(layout.frames[0]!.scroll).toBeGreaterThan(layout.frames[0]!.client);
    for (const f of layout.frames) expect(f.overflow).toBe('auto');
    await tab.close();
  });

  it('puts the axis unit clear of the top tick, and the number of provinces under each point', async () => {
    const tab = await browser.newPage({ viewport: { width: 760, height: 900 } });
    await tab.setContent(page());
    const chart = await tab.evaluate(() => {
      const svg = document.querySelector('svg')!;
      const texts = [...svg.querySelectorAll('text')];
      const box = (t: Element) => { const r = t.getBoundingClientRect(); return { top: r.top, bottom: r.bottom, left: r.left, right: r.right }; };
      const unit = texts.find((t) => t.textContent === '%')!;
      const ticks = texts.filter((t) => t.getAttribute('text-anchor') === 'end' && /^−?[\d.,]+$/.test(t.textContent ?? ''));
      const top = ticks.reduce((a, b) => (box(a).top < box(b).top ? a : b));
      const label = texts.find((t) => t.textContent === 'số tỉnh')!;
      const compared = [...svg.querySelectorAll('text.compared')];
      return { unit: box(unit), top: box(top), label: box(label), firstCount: box(compared[0]!), compared: compared.map((t) => t.textContent) };
    });
    expect(chart.unit.bottom).toBeLessThanOrEqual(chart.top.top);
    expect(chart.label.right).toBeLessThanOrEqual(chart.firstCount.left);
    // Ten provinces reported on the first date: every point compares those ten.
    expect(chart.compared).toEqual(['10', '10', '10', '10', '10']);
    await tab.close();
  });

  it('makes a 1 % change a visible step from the baseline line, labelled in % and in đồng', async () => {
    // Every province's col 9 is its col 2 less exactly 1 % on the 15th, unchanged before.
    const row = (change: number): number[] => [100, 1_000_000_000, 50, 500_000_000, 1, 1, 1, 100, 1_000_000_000 - change, 50, 500_000_000];
    const on = (d: string, change: number) => campaign.provinces.map((p) => report(p.code, d, `${d}T01:00:00Z`, { values: row(change) }));
    const history = new Map(campaign.reportDates.filter((d) => d < date).map((d) => [d, on(d, 0)]));
    const html = renderHtml(buildSnapshot({
      campaign, date, final: true, generatedAt: new Date('2023-12-15T12:00:00Z'), submissions: [], history, reports: on(date, 10_000_000),
    }));
    const tab = await browser.newPage({ viewport: { width: 760, height: 900 } });
    await tab.setContent(html);
    const chart = await tab.evaluate(() => {
      const svg = document.querySelector('svg')!;
      const baseline = svg.querySelector('line.baseline')!.getBoundingClientRect();
      const dots = [...svg.querySelectorAll('circle')].map((c) => c.getBoundingClientRect());
      const height = svg.getBoundingClientRect().height;
      return { baseline: baseline.top, first: dots[0]!.top + dots[0]!.height / 2, last: dots.at(-1)!.top + dots.at(-1)!.height / 2, height,
        label: svg.querySelector('text.change')!.textContent };
    });
    // On the baseline before, a quarter of the chart's height below it after a 1 % fall.
    expect(Math.abs(chart.first - chart.baseline)).toBeLessThan(2);
    expect(chart.last - chart.baseline).toBeGreaterThan(chart.height / 4);
    expect(chart.label).toBe(`−1,0% · −${(63 * 10_000_000).toLocaleString('de-DE')} đồng`);
    await tab.close();
  });
  it.each([
    ['each date 0,3 % lower', 3_000_000],
    ['the same −4 % every date (the label at the bottom of the axis, above the dates)', 0],
  ])('draws a narrow chart for a phone whose date labels, ticks and legend neither overlap nor leave the chart, in both layouts: %s', async (_, step) => {
    // The whole campaign reported: 21 dates on the axis.
    const last = campaign.reportDates.at(-1)!;
    const row = (k: number): number[] => [100, 1_000_000_000, 50, 500_000_000, 1, 1, 1, 100, step ? 1_000_000_000 - k * step : 960_000_000, 50, 500_000_000];
    const on = (d: string, k: number) => campaign.provinces.map((p) => report(p.code, d, `${d}T01:00:00Z`, { values: row(k) }));
    const history = new Map(campaign.reportDates.filter((d) => d < last).map((d, k) => [d, on(d, k)]));
    const snapshot = buildSnapshot({
      campaign, date: last, final: true, generatedAt: new Date('2023-12-31T12:00:00Z'), submissions: [], history, reports: on(last, campaign.reportDates.length),
    });
    for (const [layout, width] of [['narrow', 350], ['wide', 760]] as const) {
      const tab = await browser.newPage({ viewport: { width, height: 900 } });
      await tab.setContent(`<body style="margin:0">${trendChart(snapshot, undefined, layout).replace('<svg ', `<svg style="width:${width}px" `)}</body>`);
      const found = await tab.evaluate(() => {
        const svg = document.querySelector('svg')!.getBoundingClientRect();
        const boxes = [...document.querySelectorAll('text')].map((t) => ({ text: t.textContent, r: t.getBoundingClientRect() }));
        const outside = boxes.filter((b) => b.r.left < svg.left - 0.5 || b.r.right > svg.right + 0.5).map((b) => b.text);
        const overlaps: string[] = [];
        for (const [i, a] of boxes.entries()) {
          for (const b of boxes.slice(i + 1)) {
            const apart = a.r.right <= b.r.left + 0.5 || b.r.right <= a.r.left + 0.5 || a.r.bottom <= b.r.top + 0.5 || b.r.bottom <= a.r.top + 0.5;
            if (!apart) overlaps.push(`${a.text} / ${b.text}`);
          }
        }
        return { outside, overlaps, dates: boxes.filter((b) => /^\d\d\/12$/.test(b.text ?? '')).map((b) => b.text), smallest: Math.min(...boxes.map((b) => b.r.height)) };
      });
      expect(found.outside).toEqual([]);
      expect(found.overlaps).toEqual([]);
      expect(found.dates).toContain('31/12');
      // Near the screen's width, the lettering stays at the size it is written in (11 px and more, 10 for the counts).
      expect(found.smallest).toBeGreaterThanOrEqual(layout === 'narrow' ? 9.5 : 10);
      await tab.close();
    }
  });
});
