import { assetNamesOf } from '../../pipeline/release-format/names.ts';
import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommitmentRecord } from '../../pipeline/schemas/release.ts';
import { deadlineKindOf } from '../../pipeline/site/labels.ts';
import { compareRecords } from '../../pipeline/domain/dataset.ts';
import { cli } from '../support/cli.ts';
import { DESKTOP, launchChromium, openPage, PHONE } from '../support/site/browser.ts';
import { buildFixtureStore, HOSTILE_DEADLINE, HOSTILE_NAME, HOSTILE_TEXT, type FixtureStore } from '../support/site/fixture-store.ts';
import { serveStatic, type StaticServer } from '../support/site/static-server.ts';

const SCREENSHOTS = fileURLToPath(new URL('../../dist/screenshots/', import.meta.url));

let store: FixtureStore;
let server: StaticServer;
let browser: Browser;
let desktop: BrowserContext;
let phone: BrowserContext;
let latest: CommitmentRecord[];
/** Every commitment ever published (the search page's rows): the latest ones and the one withdrawn, in table order. */
let ever: CommitmentRecord[];
/** Every request any page made, every dialog (alert) and every script error, across all tests. */
const requests: string[] = [];
const dialogs: string[] = [];
const errors: string[] = [];

function watch(context: BrowserContext): BrowserContext {
  context.on('request', (r) => void requests.push(r.url()));
  context.on('page', (page) => {
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('pageerror', (e) => void errors.push(e.message));
  });
  return context;
}

const open = (pagePath: string, context: BrowserContext = desktop): Promise<Page> => openPage(context, server.url + pagePath);

/** Rows of the search table that are shown. */
const shownRows = (page: Page) => page.locator('#results tbody tr:not([hidden])');

beforeAll(async () => {
  store = await buildFixtureStore();
  const run = await cli(store.dir, ['site', '--releases', 'releases', '--out', 'site']);
  expect(run.code, run.stderr).toBe(0);
  latest = (JSON.parse(await readFile(path.join(store.releases, 'v2.0.0', 'commitments.json'), 'utf8')) as { records: CommitmentRecord[] }).records;
  const before = (JSON.parse(await readFile(path.join(store.releases, 'v1.1.0', 'commitments.json'), 'utf8')) as { records: CommitmentRecord[] }).records;
  ever = [...latest, ...before.filter((r) => !latest.some((l) => l.id === r.id))].sort(compareRecords);
  // Served under a sub-path, as GitHub Pages serves a project site.
  server = await serveStatic(path.join(store.dir, 'site'), '/repo/');
  browser = await launchChromium();
  desktop = watch(await browser.newContext({ viewport: DESKTOP }));
  phone = watch(await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true }));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the site in a browser', () => {
  it('overview: dataset, latest version, coverage of the 16 cities, every download with size and sha256', async () => {
    const page = await open('');
    expect(await page.locator('h1').innerText()).toContain('山东16市重点工作任务公开承诺事项');
    expect(await page.locator('.sources').innerText()).toContain('2023年16市重点工作任务公开承诺事项（大众日报）');
    expect(await page.locator('.latest-line').innerText()).toMatch(/^v2\.0\.0 · 发布日期 2023-11-17 · 45 项承诺/);
    const rows = page.locator('.coverage-table tbody tr');
    expect(await rows.count()).toBe(16);
    expect(await rows.filter({ hasText: '济南市' }).innerText()).toMatch(/济南市\s+完整 complete\s+20\s+权娜 0531-5170799/);
    expect(await rows.filter({ hasText: '淄博市' }).innerText()).toMatch(/淄博市\s+不完整 incomplete\s+6\s+—/);
    expect(await rows.filter({ hasText: '枣庄市' }).innerText()).toMatch(/枣庄市\s+缺失 missing/);
    expect(await page.locator('.coverage-summary').innerText()).toBe('完整 2 市 不完整 1 市 缺失 13 市 · 共 45 项承诺');

    const links = page.locator('table.downloads a[download]');
    expect(await links.count()).toBe(4 * assetNamesOf('1.0.0').length);
    // Older releases are folded: open v1.0.1 as a reader would.
    const release = page.locator('details.release').filter({ has: page.locator('summary .version', { hasText: /^v1\.0\.1$/ }) });
    expect(await release.locator('summary').innerText()).toMatch(/^v1\.0\.1 2023-11-15 修订版本 patch 新增 0 · 撤回 0 · 修改 1 · 仅重新编号 0 · 承诺弱化 0$/);
    await release.locator('summary').click();
    const row = release.locator('tr', { hasText: 'commitments.csv' }).first();
    const sums = await readFile(path.join(store.releases, 'v1.0.1', 'SHA256SUMS'), 'utf8');
    const sha = /^([0-9a-f]{64}) {2}commitments\.csv$/m.exec(sums)![1]!;
    expect(await row.locator('td.hash').innerText()).toBe(sha);
    const original = await readFile(path.join(store.releases, 'v1.0.1', 'commitments.csv'));
    expect(await row.locator('td.num').innerText()).toContain(`${(original.length / 1024).toFixed(1)} KiB`);
    const download = await page.request.get(new URL((await row.locator('a').getAttribute('href'))!, page.url()).href);
    expect(Buffer.from(await download.body()).equals(original)).toBe(true);
    await page.close();
  });

  it('city page: reached from the overview, with commitments, contact and history', async () => {
    const page = await open('');
    await page.locator('.coverage-table').getByRole('link', { name: '济南市' }).click();
    await page.waitForURL(/\/repo\/city\/jinan\.html$/);
    expect(await page.locator('h1').innerText()).toMatch(/^济南市/);
    const table = page.locator('table.records').first();
    expect(await table.locator('thead th').allInnerTexts()).toEqual(['序号 seq', '承诺事项 text', '完成时间 deadline', '责任人 responsible', '编号 id']);
    expect(await table.locator('tbody tr').count()).toBe(20);
    const fourth = table.locator('tbody tr', { hasText: '2023-370100-004' });
    expect(await fourth.locator('td.seq').innerText()).toBe('4');
    expect(await fourth.locator('td.text').innerText()).toContain('新增高新技术企业1000家');
    expect(await page.locator('.contact').innerText()).toBe('联系人 contact：权娜 · 办公电话 phone：0531-5170799');
    const v101 = page.locator('.timeline > li', { hasText: 'v1.0.1' });
    expect(await v101.locator('del').allInnerTexts()).toEqual(['900']);
    expect(await v101.locator('ins').allInnerTexts()).toEqual(['1000']);
    const v200 = page.locator('.timeline > li', { hasText: 'v2.0.0' });
    expect(await v200.innerText()).toContain('责任人调整 reassigned');
    expect(await v200.locator('ins').allInnerTexts()).toContain('王晓明');
    await page.close();
  });

  it('search: finds a phrase by any substring, and filters by city, responsible official and deadline kind', async () => {
    const page = await open('');
    await page.locator('form.search-box input[name=q]').fill('新增高新技术企业1000家');
    await page.locator('form.search-box button').click();
    await page.waitForURL(/search\.html\?q=/);
    // Search covers every version: 45 current commitments and the one withdrawn.
    await page.locator('#search-status', { hasText: '找到 1 项（共 46 项，其中已撤回 1 项）' }).waitFor();
    expect(await shownRows(page).locator('td.id').allInnerTexts()).toEqual(['2023-370100-004']);
    expect(await shownRows(page).locator('mark').allInnerTexts()).toEqual(['新增高新技术企业1000家']);

    await page.locator('#q').fill('高新技术企业');
    await page.locator('#search-status', { hasText: '找到 2 项' }).waitFor();
    await page.locator('#city').selectOption('370200');
    await page.locator('#search-status', { hasText: '找到 1 项' }).waitFor();
    expect(await shownRows(page).locator('td.id').allInnerTexts()).toEqual(['2023-370200-006']);
    expect(page.url()).toMatch(/\?q=%E9%AB%98.*&city=370200$/);

    await page.getByRole('button', { name: '清除' }).click();
    await page.locator('#search-status', { hasText: '共 46 项' }).waitFor();
    await page.locator('#who').fill('宋振波');
    const bySong = ever.filter((r) => r.responsible.includes('宋振波'));
    await page.locator('#search-status', { hasText: `找到 ${bySong.length} 项` }).waitFor();
    expect(await shownRows(page).locator('td.id a').allInnerTexts()).toEqual(bySong.map((r) => r.id));

    await page.locator('#who').fill('');
    await page.locator('#kind').selectOption('due');
    const due = ever.filter((r) => deadlineKindOf(r) === 'due');
    await page.locator('#search-status', { hasText: `找到 ${due.length} 项` }).waitFor();
    expect(await shownRows(page).locator('td.id a').allInnerTexts()).toEqual(due.map((r) => r.id));
    expect(await shownRows(page).locator('td.deadline').allInnerTexts()).not.toContain('长期坚持');

    // Full-width digits find the same text (NFKC), and a link with ?q= opens the search.
    await page.goto(`${server.url}search.html?q=${encodeURIComponent('企业１０００家')}`);
    await page.locator('#search-status', { hasText: '找到 1 项' }).waitFor();
    expect(await shownRows(page).locator('td.id').allInnerTexts()).toEqual(['2023-370100-004']);
    await page.locator('#q').fill('没有这样的承诺');
    await page.locator('#no-results').waitFor();
    expect(await page.locator('#search-status').innerText()).toBe('找到 0 项（共 46 项，其中已撤回 1 项）');
    await page.close();
  });

  it('release page of an edited seed: the changed characters, renumbering, withdrawal and reassignment', async () => {
    const page = await open('release/v1.0.1.html');
    expect(await page.locator('h1').innerText()).toBe('v1.0.1 修订版本 patch');
    const change = page.locator('article.change[data-id="2023-370100-004"]');
    expect(await change.locator('.change-head').innerText()).toContain('改写 reworded');
    expect(await change.locator('.diff-inline del').allInnerTexts()).toEqual(['900']);
    expect(await change.locator('.diff-inline ins').allInnerTexts()).toEqual(['1000']);
    // Old and new never run together, not even in a copy: [-old-]{+new+}.
    expect(await change.locator('dd').innerText()).toContain('新增高新技术企业[-900-]{+1000+}家');

    await page.goto(`${server.url}release/v1.1.0.html`);
    const renumbered = page.locator('table.renumbered tbody tr');
    expect(await renumbered.count()).toBe(17);
    expect(await renumbered.first().innerText()).toMatch(/^2023-370200-002\s+第2项 → 第3项/);
    expect(await page.locator('.city-changes h4').allInnerTexts()).toEqual(['城市信息 city', '新增 added（1）', '仅重新编号 renumbered（17）']); // the city's count changed with the addition

    await page.goto(`${server.url}release/v2.0.0.html`);
    const withdrawn = page.locator('section.city-changes', { hasText: '淄博市' });
    expect(await withdrawn.locator('h4').allInnerTexts()).toEqual(['城市信息 city', '撤回 withdrawn（1）']);
    expect(await withdrawn.locator('td.id').allInnerTexts()).toEqual(['2023-370300-007']);
    const jinan = page.locator('section.city-changes', { hasText: '济南市' });
    expect(await jinan.locator('.city-fields').innerText()).toContain('联系人 contact：权娜 0531-[-5170706-]{+5170799+}');
    expect(await jinan.locator('article[data-id="2023-370100-001"] .who-added ins').innerText()).toBe('王晓明');
    await page.close();
  });

  it('compare: any two versions, diffed in the browser, the same as the pre-rendered comparison', async () => {
    const page = await open('compare.html');
    const result = page.locator('#compare-result');
    const prerendered = await result.innerText();
    const prerenderedHtml = (await result.innerHTML()).trim();
    expect(prerendered).toMatch(/^v1\.0\.0 → v2\.0\.0：新增 1 项，撤回 1 项，修改 2 项 · 仅重新编号 17 项/);

    await page.locator('#to').selectOption('1.0.1');
    await page.locator('.compare-summary', { hasText: 'v1.0.0 → v1.0.1：新增 0 项，撤回 0 项，修改 1 项' }).waitFor();
    expect(page.url()).toMatch(/compare\.html\?from=1\.0\.0&to=1\.0\.1$/);
    const change = result.locator('article[data-id="2023-370100-004"]');
    expect(await change.locator('.diff-inline del').allInnerTexts()).toEqual(['900']);
    expect(await change.locator('.diff-inline ins').allInnerTexts()).toEqual(['1000']);

    await page.locator('#from').selectOption('1.0.1');
    await page.locator('#to').selectOption('1.1.0');
    await page.locator('.compare-summary', { hasText: 'v1.0.1 → v1.1.0：新增 1 项，撤回 0 项，修改 0 项 · 仅重新编号 17 项' }).waitFor();
    expect(await result.locator('table.renumbered tbody tr').count()).toBe(17);

    await page.locator('#swap').click();
    await page.locator('.compare-summary', { hasText: 'v1.1.0 → v1.0.1：新增 0 项，撤回 1 项' }).waitFor();

    // Back to the pre-rendered pair, now computed by the page's script: the same reading.
    await page.locator('#from').selectOption('1.0.0');
    await page.locator('#to').selectOption('2.0.0');
    await page.locator('.compare-summary', { hasText: 'v1.0.0 → v2.0.0' }).waitFor();
    await page.waitForFunction(() => !document.getElementById('compare-result')!.hasAttribute('aria-busy'));
    expect(await result.innerText()).toBe(prerendered);
    // Built from the same views: the page's nodes are those of the pre-rendered markup, tag for tag.
    expect((await result.innerHTML()).trim()).toBe(prerenderedHtml);

    await page.goto(`${server.url}compare.html?from=1.1.0&to=2.0.0`);
    await page.locator('.compare-summary', { hasText: 'v1.1.0 → v2.0.0：新增 0 项，撤回 1 项，修改 1 项' }).waitFor();
    await page.close();
  });

  it('shows seed text containing <script> as text and never runs it', async () => {
    const page = await open('commitment/2023-370200-019.html');
    expect(await page.locator('.commitment-text').innerText()).toBe(HOSTILE_TEXT);
    expect(await page.locator('.facts').innerText()).toContain(HOSTILE_NAME);
    expect(await page.locator('.facts').innerText()).toContain(HOSTILE_DEADLINE);
    const targets: Array<[string, string]> = [
      ['release/v1.1.0.html', 'table.records td.text'],
      ['search.html?q=alert', '#results tbody tr:not([hidden]) td.text'],
      ['city/qingdao.html', 'tr:has(a[href$="2023-370200-019.html"]) td.text'],
      ['compare.html?from=1.0.1&to=1.1.0', 'table.records td.text'],
    ];
    for (const [url, selector] of targets) {
      await page.goto(server.url + url);
      await page.locator(selector).first().waitFor();
      expect(await page.locator(selector).allInnerTexts(), url).toEqual([HOSTILE_TEXT]);
      expect(await page.locator('main script, main img, main svg, main b').count(), url).toBe(0);
    }
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it('reads without JavaScript: every page is pre-rendered', async () => {
    const context = await browser.newContext({ viewport: DESKTOP, javaScriptEnabled: false });
    watch(context);
    const page = await context.newPage();
    await page.goto(`${server.url}search.html?q=1000`);
    expect(await page.locator('#results tbody tr:visible').count()).toBe(46);
    expect(await page.locator('#search-status').innerText()).toBe('共 46 项（其中已撤回 1 项）');
    await page.goto(`${server.url}compare.html`);
    expect(await page.locator('#compare-form').isHidden()).toBe(true);
    expect(await page.locator('.compare-summary').innerText()).toMatch(/^v1\.0\.0 → v2\.0\.0/);
    expect(await page.locator('#compare-result article[data-id="2023-370100-004"] .diff-inline ins').innerText()).toBe('1000');
    await page.goto(`${server.url}city/zibo.html`);
    expect(await page.locator('table.records tbody tr').count()).toBe(6);
    expect(await page.locator('.notice').first().innerText()).toContain('不完整 incomplete');
    await context.close();
  });

  it('reads from file:// too (a downloaded copy), compare included', async () => {
    const page = await desktop.newPage();
    page.setDefaultTimeout(10_000);
    const site = pathToFileURL(path.join(store.dir, 'site')).href;
    await page.goto(`${site}/search.html?q=${encodeURIComponent('高新技术企业')}`);
    await page.locator('#search-status', { hasText: '找到 2 项' }).waitFor();
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('.site-header')!).backgroundColor)).toBe('rgb(11, 61, 110)');
    await page.getByRole('link', { name: '2023-370100-004' }).click();
    await page.waitForURL(/commitment\/2023-370100-004\.html$/);
    expect(await page.locator('.timeline ins').allInnerTexts()).toEqual(['1000']);
    await page.goto(`${site}/compare.html?from=1.0.0&to=1.0.1`);
    await page.locator('.compare-summary', { hasText: 'v1.0.0 → v1.0.1：新增 0 项，撤回 0 项，修改 1 项' }).waitFor();
    expect(await page.locator('#compare-result article[data-id="2023-370100-004"] .diff-inline ins').innerText()).toBe('1000');
    await page.close();
  });

  it('fits desktop and phone widths; screenshots in dist/screenshots/', async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    const shots: Array<[string, string]> = [
      ['overview', ''],
      ['city-jinan', 'city/jinan.html'],
      ['release-v1.0.1-diff', 'release/v1.0.1.html'],
    ];
    for (const [device, context, width] of [['desktop', desktop, DESKTOP.width], ['phone', phone, PHONE.width]] as const) {
      for (const [name, url] of shots) {
        const page = await open(url, context);
        // Nothing wider than the screen: no sideways scrolling on a phone.
        expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} ${device}`).toBeLessThanOrEqual(width);
        const file = path.join(SCREENSHOTS, `${name}-${device}.png`);
        await page.screenshot({ path: file, fullPage: true });
        expect((await stat(file)).size).toBeGreaterThan(10_000);
        await page.close();
      }
    }
    // On a phone a commitment is a card: its cells stack, the text takes the card's width.
    const page = await open('city/jinan.html', phone);
    const cells = await page.locator('table.records tbody tr').first().locator('td').evaluateAll((tds) => tds.map((td) => td.getBoundingClientRect().left));
    expect(new Set(cells.map((x) => Math.round(x))).size).toBe(1);
    await page.close();
  });

  it('no request leaves the page’s own origin', async () => {
    const page = await open('search.html?q=高新');
    await page.locator('#search-status', { hasText: '找到' }).waitFor();
    await page.goto(`${server.url}compare.html?from=1.0.0&to=1.1.0`);
    await page.locator('.compare-summary', { hasText: 'v1.0.0 → v1.1.0' }).waitFor();
    for (const url of ['commitment/2023-370100-004.html', 'release/v2.0.0.html', 'city/zibo.html']) await page.goto(server.url + url);
    await page.close();
    expect(requests.some((u) => /\/repo\/data\/v1\.1\.0\.json$/.test(u))).toBe(true);
    expect(requests.some((u) => /\/repo\/assets\/site\.css\?v=[0-9a-f]{10}$/.test(u))).toBe(true);
    expect(requests.length).toBeGreaterThan(30);
    const fromFileTest = (u: string): boolean => u.startsWith(pathToFileURL(path.join(store.dir, 'site')).href);
    expect(requests.filter((u) => !u.startsWith(`${server.origin}/repo/`) && !fromFileTest(u))).toEqual([]);
    expect(errors).toEqual([]);
  });
});
