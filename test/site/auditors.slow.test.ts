/**
 * What an auditor needs of the site, over five releases made from a git history
 * (history-fixture.ts), in Chromium at 1280 and 390 px, over HTTP and file://:
 * 1. why each change happened (commits, build commit, basis, sources);
 * 2. honest counts (real modifications and renumberings apart);
 * 3. what is gone (withdrawn commitments, replaced officials, old texts, any release's table);
 * 4. a compare link to rely on;
 * 5. feeds, the changelog, licence and corrections, print, histories newest first;
 * 6. a chart of each release's changes;
 * and promises as data: targets marked, the 指标 page, officials' pages, weakened promises.
 */
import { cp, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { showEffect } from '../../pipeline/render/show-value.ts';
import type { ChangesFile, CommitmentRecord } from '../../pipeline/schemas/release.ts';
import { EFFECT_LABEL } from '../../pipeline/schemas/fields.ts';
import { isSafeSitePath, PAGE } from '../../pipeline/site/paths.ts';
import { cli } from '../support/cli.ts';
import { DESKTOP, launchChromium, openPage, PHONE } from '../support/site/browser.ts';
import { ASTRAL_TEXT, BASIS, buildHistoryStore, SOURCE_DATE, SOURCE_URL, SUBJECTS, type HistoryStore } from '../support/site/history-store.ts';
import { serveStatic, type StaticServer } from '../support/site/static-server.ts';

let store: HistoryStore;
let server: StaticServer;
let browser: Browser;
let desktop: BrowserContext;
let phone: BrowserContext;
/** The records of the latest release, and of every release by version. */
let latest: CommitmentRecord[];
const recordsOf = new Map<string, CommitmentRecord[]>();
const changesOf = new Map<string, ChangesFile>();
const requests: string[] = [];
const errors: string[] = [];

function watch(context: BrowserContext): BrowserContext {
  context.on('request', (r) => void requests.push(r.url()));
  context.on('page', (page) => page.on('pageerror', (e) => void errors.push(e.message)));
  return context;
}

const open = (pagePath: string, context: BrowserContext = desktop): Promise<Page> => openPage(context, server.url + pagePath);

const site = (...parts: string[]): string => path.join(store.dir, 'site', ...parts);
const shownRows = (page: Page, table = '#results') => page.locator(`${table} tbody tr:not([hidden])`);
const short = (sha: string): string => sha.slice(0, 12);

beforeAll(async () => {
  store = await buildHistoryStore();
  const built = await cli(store.dir, ['site', '--releases', 'releases', '--out', 'site']);
  expect(built.code, built.stderr).toBe(0);
  for (const v of store.versions) {
    recordsOf.set(v, (JSON.parse(await readFile(path.join(store.releases, `v${v}`, 'commitments.json'), 'utf8')) as { records: CommitmentRecord[] }).records);
    changesOf.set(v, JSON.parse(await readFile(path.join(store.releases, `v${v}`, 'changes.json'), 'utf8')) as ChangesFile);
  }
  latest = recordsOf.get('2.0.1')!;
  server = await serveStatic(path.join(store.dir), '/repo/');
  browser = await launchChromium();
  desktop = watch(await browser.newContext({ viewport: DESKTOP }));
  phone = watch(await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true }));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('1. why each change happened, and on whose word', () => {
  it('a release lists the commits behind each city’s changes (short sha, subject, date, PR as text), its build commit, the basis with its change and the cited article', async () => {
    const page = await open('site/release/v1.0.1.html');
    const facts = page.locator('dl.facts');
    expect(await facts.locator('div', { hasText: '构建提交 build commit' }).locator('dd').innerText()).toBe(store.commits.weaken);
    expect(await facts.locator('div', { hasText: '上一版本提交' }).locator('dd').innerText()).toBe(store.commits.import);
    const jinan = page.locator('#city-2023-370100');
    expect(await jinan.locator('.commits li').allInnerTexts()).toEqual([
      `${short(store.commits.reword)} ${SUBJECTS.reword} · 2023-11-20 · PR #12`,
      `${short(store.commits.weaken)} ${SUBJECTS.weaken} · 2023-11-20`,
    ]);
    // Without a repository address the site names commits and pull requests, and links none.
    expect(await page.locator('main a[href*="github"]').count()).toBe(0);
    const reworded = page.locator('#change-2023-370100-004');
    expect(await reworded.locator('dt').allInnerTexts()).toContain('依据 basis');
    expect(await reworded.innerText()).toContain(BASIS);
    const source = page.locator('.sources li').first();
    expect(await source.innerText()).toBe(`来源 source：2023年16市重点工作任务公开承诺事项（大众日报，${SOURCE_DATE}）`);
    expect(await source.locator('a').getAttribute('href')).toBe(SOURCE_URL);
    await page.close();
  });

  it('a commitment’s page and its city’s history name the commits of each change, newest first', async () => {
    const page = await open('site/commitment/2023-370100-004.html');
    const events = page.locator('.timeline > li');
    expect(await events.locator('.when a').allInnerTexts()).toEqual(['v1.0.1', 'v1.0.0']);
    expect(await events.first().locator('.commits').innerText()).toContain(SUBJECTS.reword);
    expect(await events.nth(1).locator('.commits').innerText()).toContain(SUBJECTS.import);
    expect(await page.locator('.facts div', { hasText: '依据 basis' }).locator('dd').innerText()).toBe(BASIS);
    await page.goto(`${server.url}site/city/jinan.html`);
    const source = page.locator('.source');
    expect(await source.first().innerText()).toBe(`来源 source：2023年16市重点工作任务公开承诺事项（大众日报，${SOURCE_DATE}）`);
    expect(await source.first().locator('a').getAttribute('href')).toBe(SOURCE_URL);
    expect(await page.locator('#history-v2\\.0\\.0 .commits').innerText()).toContain(SUBJECTS.withdraw);
    await page.close();
  });

  it('a release built from uncommitted seeds says why it lists no commits', async () => {
    const page = await open('site/release/v2.0.1.html');
    expect(await page.locator('.history-note').innerText()).toContain('种子文件有未提交的修改，未列出提交记录');
    expect(await page.locator('.commits').count()).toBe(0);
    expect(await page.locator('dl.facts div', { hasText: '构建提交 build commit' }).locator('dd').innerText()).toBe('未记录');
    await page.close();
  });

  it('links commits and pull requests when the site knows the repository (--repo-url)', async () => {
    const linked = await cli(store.dir, ['site', '--releases', 'releases', '--out', 'site-linked', '--repo-url', 'https://github.com/owner/repo']);
    expect(linked.code, linked.stderr).toBe(0);
    const page = await open('site-linked/release/v1.0.1.html');
    const commits = page.locator('#city-2023-370100 .commits');
    expect(await commits.locator(`a[href="https://github.com/owner/repo/commit/${store.commits.reword}"]`).innerText()).toBe(short(store.commits.reword));
    expect(await commits.locator('a[href="https://github.com/owner/repo/pull/12"]').innerText()).toBe('PR #12');
    expect(await page.locator(`dl.facts a[href="https://github.com/owner/repo/commit/${store.commits.weaken}"]`).count()).toBe(1);
    await page.close();
  });
});

describe('2. honest counts: real modifications and renumberings apart', () => {
  it('on release pages, the home page, the compare page and the city histories', async () => {
    const page = await open('site/release/v1.1.0.html');
    const summary = page.locator('dl.facts div', { hasText: '变更概要' }).locator('dd');
    expect(await summary.innerText()).toBe('新增 1 项，撤回 0 项，修改 0 项 · 仅重新编号 17 项 · 承诺弱化 0 项');
    await page.goto(`${server.url}site/release/v1.0.1.html`);
    expect(await summary.innerText()).toBe('新增 0 项，撤回 0 项，修改 2 项 · 仅重新编号 0 项 · 承诺弱化 1 项');

    await page.goto(`${server.url}site/index.html`);
    const entry = page.locator('details.release').filter({ has: page.locator('summary .version', { hasText: /^v1\.1\.0$/ }) });
    expect(await entry.locator('summary').innerText()).toBe('v1.1.0 2023-11-16 次版本 minor 新增 1 · 撤回 0 · 修改 0 · 仅重新编号 17 · 承诺弱化 0');

    await page.goto(`${server.url}site/compare.html?from=1.0.1&to=1.1.0`);
    await page.locator('.compare-summary', { hasText: 'v1.0.1 → v1.1.0：新增 1 项，撤回 0 项，修改 0 项 · 仅重新编号 17 项 · 承诺弱化 0 项' }).waitFor();

    await page.goto(`${server.url}site/city/qingdao.html`);
    const v110 = page.locator('#history-v1\\.1\\.0');
    expect(await v110.locator('.counts').innerText()).toBe('新增 1 项，撤回 0 项，修改 0 项 · 仅重新编号 17 项');
    // A renumbering is tagged as one, never as 修改.
    expect(await v110.locator('.tag.modified').count()).toBe(0);
    expect(await v110.locator('details.renumbered summary').innerText()).toBe('仅重新编号 17 项');
    expect(await v110.locator('details.renumbered .tag').allTextContents()).toEqual(Array(17).fill('重新编号'));
    await page.close();
  });
});

describe('3. what is gone can be found', () => {
  it('search covers every version: a withdrawn commitment is found and marked 已撤回 with its version', async () => {
    const page = await open(`site/search.html?q=${encodeURIComponent('氟硅新材料')}`);
    await page.locator('#search-status', { hasText: '找到 1 项（共 46 项，其中已撤回 1 项）' }).waitFor();
    const row = shownRows(page).first();
    expect(await row.locator('td.id a').innerText()).toBe('2023-370300-007');
    expect(await row.locator('.status-tag').innerText()).toBe('已撤回 v2.0.0');
    await page.locator('#status').selectOption('current');
    await page.locator('#search-status', { hasText: '找到 0 项' }).waitFor();
    await page.locator('#q').fill('');
    await page.locator('#status').selectOption('withdrawn');
    await page.locator('#search-status', { hasText: '找到 1 项' }).waitFor();
    await page.close();
  });

  it('a removed official is found, marked as formerly responsible since the version that removed them', async () => {
    const page = await open(`site/search.html?who=${encodeURIComponent('于海田')}`);
    const expected = [...latest.filter((r) => r.responsible.includes('于海田')).map((r) => r.id), '2023-370100-001'].sort();
    await page.locator('#search-status', { hasText: `找到 ${expected.length} 项` }).waitFor();
    expect((await shownRows(page).locator('td.id a').allInnerTexts()).sort()).toEqual(expected);
    const former = shownRows(page).filter({ has: page.locator('a', { hasText: '2023-370100-001' }) }).locator('.former');
    expect(await former.innerText()).toBe('原责任人：于海田（v2.0.0 起不再列出）');
    await page.close();
  });

  it('an earlier text is found too, and the row says the match is in an earlier version', async () => {
    const page = await open(`site/search.html?q=${encodeURIComponent('高新技术企业900家')}`);
    await page.locator('#search-status', { hasText: '找到 1 项' }).waitFor();
    const row = shownRows(page).first();
    expect(await row.locator('td.id a').innerText()).toBe('2023-370100-004');
    expect(await row.locator('.former-hit').isVisible()).toBe(true);
    await page.locator('#q').fill('高新技术企业1000家');
    await page.locator('#search-status', { hasText: '找到 1 项' }).waitFor();
    expect(await row.locator('.former-hit').isVisible()).toBe(false);
    await page.close();
  });

  it('a table as of any release, with the same filters, reached with the query kept', async () => {
    const page = await open(`site/search.html?q=${encodeURIComponent('高新技术企业')}`);
    await page.locator('#search-status', { hasText: '找到' }).waitFor();
    await page.locator('nav.versions a', { hasText: /^v1\.0\.0$/ }).click();
    await page.waitForURL(/\/site\/table\/v1\.0\.0\.html\?q=/);
    await page.locator('#search-status', { hasText: '找到 2 项（共 45 项）' }).waitFor();
    expect(await page.locator('h1').innerText()).toContain('v1.0.0');
    expect(await shownRows(page).locator('td.text').allInnerTexts()).toContainEqual(expect.stringContaining('新增高新技术企业900家'));
    await page.locator('#q').fill('小区公共停车位');
    await page.locator('#search-status', { hasText: '找到 0 项' }).waitFor();
    await page.goto(`${server.url}site/table/v1.1.0.html?q=${encodeURIComponent('小区公共停车位')}&city=370200`);
    await page.locator('#search-status', { hasText: '找到 1 项（共 46 项）' }).waitFor();
    // Every release has its table, and nothing withdrawn later is marked there.
    for (const v of store.versions) {
      await page.goto(`${server.url}site/table/v${v}.html`);
      expect(await page.locator('#results tbody tr').count(), v).toBe(recordsOf.get(v)!.length);
      expect(await page.locator('#results .status-tag').count()).toBe(0);
    }
    await page.close();
  });
});

describe('4. a compare link to rely on', () => {
  it('takes versions with or without v, and names the pair in the title', async () => {
    const page = await open('site/compare.html?from=v1.0.0&to=1.0.1');
    await page.locator('.compare-summary', { hasText: 'v1.0.0 → v1.0.1：新增 0 项，撤回 0 项，修改 2 项' }).waitFor();
    expect(page.url()).toMatch(/compare\.html\?from=1\.0\.0&to=1\.0\.1$/);
    expect(await page.title()).toMatch(/^版本比较 v1\.0\.0 → v1\.0\.1 · /);
    await page.close();
  });

  it('says so clearly for an unknown version, and never shows another pair', async () => {
    const page = await open('site/compare.html?from=9.9.9&to=v1.0.1');
    const result = page.locator('#compare-result');
    await result.locator('.notice', { hasText: '没有版本 v9.9.9' }).waitFor();
    expect(await result.innerText()).toContain('本站的版本：v1.0.0、v1.0.1、v1.1.0、v2.0.0、v2.0.1');
    expect(await result.locator('.compare-summary, article.change, table').count()).toBe(0);
    expect(await page.title()).toMatch(/^版本比较：没有版本 v9\.9\.9 · /);
    await page.close();
  });

  it('gives each pair a history entry: Back returns to the previous pair', async () => {
    const page = await open('site/compare.html?from=1.0.0&to=1.0.1');
    await page.locator('.compare-summary', { hasText: 'v1.0.0 → v1.0.1' }).waitFor();
    await page.locator('#to').selectOption('1.1.0');
    await page.locator('.compare-summary', { hasText: 'v1.0.0 → v1.1.0' }).waitFor();
    await page.locator('#to').selectOption('2.0.0');
    await page.locator('.compare-summary', { hasText: 'v1.0.0 → v2.0.0' }).waitFor();
    await page.goBack();
    await page.locator('.compare-summary', { hasText: 'v1.0.0 → v1.1.0' }).waitFor();
    expect(page.url()).toMatch(/\?from=1\.0\.0&to=1\.1\.0$/);
    expect(await page.locator('#to').inputValue()).toBe('1.1.0');
    expect(await page.title()).toMatch(/^版本比较 v1\.0\.0 → v1\.1\.0/);
    await page.goBack();
    await page.locator('.compare-summary', { hasText: 'v1.0.0 → v1.0.1' }).waitFor();
    await page.goForward();
    await page.locator('.compare-summary', { hasText: 'v1.0.0 → v1.1.0' }).waitFor();
    await page.close();
  });

  it('shows a loading state while a slow version loads: the old result is never left as if current', async () => {
    const page = await open('site/compare.html?from=1.0.0&to=1.0.1');
    await page.locator('.compare-summary', { hasText: 'v1.0.0 → v1.0.1' }).waitFor();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/data/v2.0.0.*', async (route) => {
      await held;
      await route.continue();
    });
    await page.locator('#to').selectOption('2.0.0');
    const result = page.locator('#compare-result');
    await result.locator('.loading', { hasText: '正在载入 v1.0.0 → v2.0.0' }).waitFor();
    expect(await result.getAttribute('aria-busy')).toBe('true');
    expect(await result.locator('.compare-summary, article.change').count()).toBe(0);
    release();
    await page.locator('.compare-summary', { hasText: 'v1.0.0 → v2.0.0' }).waitFor();
    expect(await result.getAttribute('aria-busy')).toBeNull();
    await page.close();
  });

  it('works from file:// (the version data also comes as scripts)', async () => {
    const page = await desktop.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${pathToFileURL(site('compare.html')).href}?from=1.0.0&to=1.0.1`);
    await page.locator('.compare-summary', { hasText: 'v1.0.0 → v1.0.1：新增 0 项，撤回 0 项，修改 2 项' }).waitFor();
    const change = page.locator('#change-2023-370100-004');
    expect(await change.locator('.diff-inline del').allInnerTexts()).toEqual(['900']);
    expect(await change.locator('.diff-inline ins').allInnerTexts()).toEqual(['1000']);
    await page.close();
  });

  it('has a side-by-side view beside the inline one, anchors per city and per change, and copies old and new apart', async () => {
    const page = await open('site/compare.html?from=1.0.0&to=1.0.1#change-2023-370100-004');
    const change = page.locator('#change-2023-370100-004');
    await change.waitFor();
    expect(await page.locator('#city-2023-370100 h3').innerText()).toContain('济南市');
    expect(await change.locator('a.anchor').getAttribute('href')).toBe('#change-2023-370100-004');
    // The linked change is scrolled into view once the comparison is drawn.
    await page.waitForFunction(() => {
      const box = document.getElementById('change-2023-370100-004')!.getBoundingClientRect();
      return box.top >= 0 && box.top < window.innerHeight;
    });
    const inline = change.locator('dd .diff-inline').first();
    const split = change.locator('dd .diff-split').first();
    expect(await inline.isVisible()).toBe(true);
    expect(await split.isVisible()).toBe(false);
    const copied = await inline.evaluate((node) => {
      const selection = window.getSelection()!;
      selection.selectAllChildren(node);
      return selection.toString();
    });
    expect(copied).toContain('新增高新技术企业[-900-]{+1000+}家');

    await page.getByLabel('并排显示 side by side').check();
    expect(await inline.isVisible()).toBe(false);
    expect(await split.isVisible()).toBe(true);
    expect(await split.locator('.before').innerText()).toContain('新增高新技术企业900家');
    expect(await split.locator('.before').innerText()).not.toContain('1000');
    expect(await split.locator('.after').innerText()).toContain('新增高新技术企业1000家');
    const both = await split.evaluate((node) => {
      const selection = window.getSelection()!;
      selection.selectAllChildren(node);
      return selection.toString();
    });
    expect(both.split('\n').filter(Boolean)).toHaveLength(2);
    // Release pages have the same anchors and the same toggle.
    await page.goto(`${server.url}site/release/v1.0.1.html`);
    expect(await page.locator('#city-2023-370100 #change-2023-370100-004').count()).toBe(1);
    expect(await page.getByLabel('并排显示 side by side').count()).toBe(1);
    await page.close();
  });
});

describe('5. follow and cite', () => {
  /** The feed parsed by Chromium's XML parser: null where it is not well-formed Atom. */
  async function readFeed(page: Page, url: string) {
    const text = await (await page.request.get(url)).text();
    return page.evaluate((xml) => {
      const doc = new DOMParser().parseFromString(xml, 'application/xml');
      if (doc.getElementsByTagName('parsererror').length > 0) return null;
      const ns = 'http://www.w3.org/2005/Atom';
      const feed = doc.documentElement;
      const child = (el: Element, name: string) => Array.from(el.children).filter((c) => c.namespaceURI === ns && c.localName === name);
      const text = (el: Element, name: string) => child(el, name)[0]?.textContent ?? null;
      return {
        root: `${feed.namespaceURI} ${feed.localName}`,
        id: text(feed, 'id'),
        title: text(feed, 'title'),
        updated: text(feed, 'updated'),
        links: child(feed, 'link').map((l) => `${l.getAttribute('rel')} ${l.getAttribute('href')}`),
        author: child(feed, 'author').map((a) => text(a, 'name')),
        entries: child(feed, 'entry').map((e) => ({
          id: text(e, 'id'),
          title: text(e, 'title'),
          updated: text(e, 'updated'),
          link: child(e, 'link')[0]?.getAttribute('href') ?? null,
          summary: text(e, 'summary'),
        })),
      };
    }, text);
  }

  it('feed.xml is Atom: one entry per release, newest first, ids stable across rebuilds, dates from the releases', async () => {
    const page = await open('site/index.html');
    expect(await page.locator('head link[rel="alternate"][type="application/atom+xml"]').getAttribute('href')).toBe('feed.xml');
    const feed = (await readFeed(page, `${server.url}site/feed.xml`))!;
    expect(feed).not.toBeNull();
    expect(feed.root).toBe('http://www.w3.org/2005/Atom feed');
    expect(feed.id).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(feed.title).toBe('山东16市重点工作任务公开承诺事项');
    expect(feed.updated).toBe('2023-11-18T22:13:20Z');
    expect(feed.links).toEqual(['self feed.xml', 'alternate index.html']);
    expect(feed.author).toHaveLength(1);
    expect(feed.entries.map((e) => e.title)).toEqual(['v2.0.1 修订版本 patch', 'v2.0.0 主版本 major', 'v1.1.0 次版本 minor', 'v1.0.1 修订版本 patch', 'v1.0.0 首次发布 initial']);
    expect(feed.entries.map((e) => e.updated)).toEqual(['2023-11-18T22:13:20Z', '2023-11-17T22:13:20Z', '2023-11-16T22:13:20Z', '2023-11-15T22:13:20Z', '2023-11-14T22:13:20Z']);
    expect(feed.entries.map((e) => e.link)).toEqual(store.versions.map((v) => `release/v${v}.html`).reverse());
    expect(feed.entries[3]!.summary).toBe('新增 0 项，撤回 0 项，修改 2 项 · 仅重新编号 0 项 · 承诺弱化 1 项');
    for (const e of feed.entries) expect(e.id).toMatch(/^urn:uuid:/);
    expect(new Set(feed.entries.map((e) => e.id)).size).toBe(5);

    // A rebuild after one release more keeps every earlier entry's id.
    const fewer = path.join(store.dir, 'releases-4');
    await cp(store.releases, fewer, { recursive: true });
    await rm(path.join(fewer, 'v2.0.1'), { recursive: true });
    const run = await cli(store.dir, ['site', '--releases', 'releases-4', '--out', 'site-4']);
    expect(run.code, run.stderr).toBe(0);
    const before = (await readFeed(page, `${server.url}site-4/feed.xml`))!;
    expect(before.id).toBe(feed.id);
    expect(before.entries.map((e) => e.id)).toEqual(feed.entries.slice(1).map((e) => e.id));
    await page.close();
  });

  it('the cumulative changelog is a page, newest first; the home page names licence, sources and where to send corrections', async () => {
    const page = await open('site/changelog.html');
    expect(await page.locator('main h2').allInnerTexts()).toEqual(store.versions.map((v) => expect.stringContaining(`v${v}`)).reverse());
    expect(await page.locator('#v1\\.0\\.1 .weakened-list').innerText()).toContain('2023-370100-002');
    await page.goto(`${server.url}site/index.html`);
    expect(await page.locator('.licence').innerText()).toContain('Government information published under 政务公开 (public commitments)');
    expect(await page.locator('.sources li').first().innerText()).toContain(SOURCE_DATE);
    expect(await page.locator('.corrections').innerText()).toMatch(/纠错/);
    expect(await page.locator('.corrections').innerText()).toContain('联系人');
    await page.close();
  });

  it('print: no navigation, compact; a city prints on fewer pages', async () => {
    const page = await open('site/city/jinan.html');
    await page.emulateMedia({ media: 'screen' });
    const screenPages = (await page.pdf({ format: 'A4' })).toString('latin1').match(/\/Type\s*\/Page\b/g)!.length;
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.site-header nav').isVisible()).toBe(false);
    expect(await page.locator('.site-footer').isVisible()).toBe(false);
    const printPages = (await page.pdf({ format: 'A4' })).toString('latin1').match(/\/Type\s*\/Page\b/g)!.length;
    expect(printPages).toBeLessThan(screenPages);
    await page.close();
  });

  it('histories are newest first, with the initial additions folded: a phone reaches the first real change quickly', async () => {
    const page = await open('site/city/jinan.html', phone);
    const entries = page.locator('section[aria-labelledby="history"] ol.timeline > li');
    expect(await entries.locator('.when > a').allInnerTexts()).toEqual(['v2.0.0', 'v1.0.1', 'v1.0.0']);
    const initial = page.locator('#history-v1\\.0\\.0 details.initial');
    expect(await initial.getAttribute('open')).toBeNull();
    expect(await initial.locator('summary').innerText()).toBe('首次收录 20 项');
    const box = await page.locator('section[aria-labelledby="history"]').boundingBox();
    expect(box!.height).toBeLessThan(2500);
    await page.close();
  });
});

describe('6. a chart of each release’s changes on the home page', () => {
  it('inline SVG, drawn at build time, with a title, a description and a table of the same numbers', async () => {
    const page = await open('site/index.html');
    const chart = page.locator('figure.release-chart svg');
    expect(await chart.getAttribute('role')).toBe('img');
    expect(await chart.locator(':scope > title').textContent()).toBe('各版本的变更');
    expect(await chart.locator(':scope > desc').textContent()).toContain('v1.0.1：新增 0 项，撤回 0 项，修改 2 项，仅重新编号 0 项');
    const bars = await chart.locator('rect.bar').evaluateAll((rects) => rects.map((r) => `${r.getAttribute('data-version')} ${r.getAttribute('data-kind')} ${r.getAttribute('data-count')}`));
    expect(bars).toContain('1.1.0 renumbered 17');
    expect(bars).toContain('2.0.0 removed 1');
    expect(bars).toHaveLength(4 * 4);
    const rows = await page.locator('figure.release-chart table tbody tr').allInnerTexts();
    expect(rows).toHaveLength(5);
    expect(rows[2]).toBe('v1.1.0\t1\t0\t0\t17');
    expect(await page.locator('script').count()).toBe(0);
    await page.close();
  });
});

describe('promises as data', () => {
  it('marks each target in the text, by code points (an astral character before it)', async () => {
    const inserted = latest.find((r) => r.text === ASTRAL_TEXT)!;
    const page = await open(`site/commitment/${inserted.id}.html`);
    expect(await page.locator('.commitment-text').innerText()).toBe(ASTRAL_TEXT);
    expect(await page.locator('.commitment-text .target').allInnerTexts()).toEqual(['3000个以上']);
    await page.goto(`${server.url}site/city/jinan.html`);
    for (const r of latest.filter((x) => x.cityCode === '370100')) {
      const row = page.locator('table.records').first().locator('tr', { has: page.locator(`a[href$="${r.id}.html"]`) });
      expect(await row.locator('td.text .target').allInnerTexts(), r.id).toEqual(r.targets!.map((t) => t.span));
    }
    await page.close();
  });

  it('the 指标 page lists every target, filters by city, year, unit and comparator, sorts by value, searches indicators', async () => {
    const all = latest.flatMap((r) => r.targets!.map((t) => ({ ...t, r })));
    const page = await open('site/targets.html');
    await page.locator('#targets-status', { hasText: `共 ${all.length} 项指标` }).waitFor();
    await page.locator('#t-city').selectOption('370200');
    const qingdao = all.filter((t) => t.r.cityCode === '370200');
    await page.locator('#targets-status', { hasText: `找到 ${qingdao.length} 项` }).waitFor();
    await page.locator('#t-unit').selectOption('%');
    const percent = qingdao.filter((t) => t.unit === '%');
    await page.locator('#targets-status', { hasText: `找到 ${percent.length} 项` }).waitFor();
    await page.locator('#t-sort').selectOption('value-desc');
    const values = await shownRows(page, '#target-table').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-value'))));
    expect(values).toEqual(percent.map((t) => t.value).sort((a, b) => b - a));
    expect(page.url()).toMatch(/\?city=370200&unit=%25&sort=value-desc$/);
    await page.goto(`${server.url}site/targets.html?q=${encodeURIComponent('小区公共停车位')}`);
    await page.locator('#targets-status', { hasText: '找到 1 项' }).waitFor();
    expect(await shownRows(page, '#target-table').locator('td.span').innerText()).toBe('3000个以上');
    await page.goto(`${server.url}site/targets.html?cmp=~`);
    await page.locator('#targets-status', { hasText: `找到 ${all.filter((t) => t.comparator === '~').length} 项` }).waitFor();
    await page.close();
  });

  it('a page per official (name and city) lists what they answer for, with targets and due dates; the paths are safe', async () => {
    const page = await open('site/city/jinan.html');
    await page.locator('table.records').first().locator('tr', { hasText: '2023-370100-001' }).getByRole('link', { name: '王晓明' }).click();
    await page.waitForURL(/\/site\/official\/370100-[0-9a-f]+\.html$/);
    const rel = new URL(page.url()).pathname.replace('/repo/site/', '');
    expect(isSafeSitePath(rel)).toBe(true);
    expect(await page.locator('h1').innerText()).toBe('王晓明 济南市');
    expect(await page.locator('#current td.id').allInnerTexts()).toEqual(['2023-370100-001']);

    const yu = latest.filter((r) => r.cityCode === '370100' && r.responsible.includes('于海田'));
    await page.goto(`${server.url}site/city/jinan.html`);
    await page.locator('table.records').first().locator('tr', { hasText: yu[0]!.id }).getByRole('link', { name: '于海田' }).click();
    expect(await page.locator('#current td.id').allInnerTexts()).toEqual(yu.map((r) => r.id));
    const gdp = page.locator('#current tr', { hasText: '2023-370100-002' });
    expect(await gdp.locator('.target').allInnerTexts()).toEqual(['5%左右']);
    expect(await gdp.locator('td.due').innerText()).toBe('2023-12-31');
    // Their page says what they answered for until they were replaced too.
    expect(await page.locator('#former tr').filter({ hasText: '2023-370100-001' }).innerText()).toContain('v2.0.0');
    await page.close();
  });

  it('release and compare pages mark weakened commitments, with each effect named', async () => {
    const effects = (changesOf.get('1.0.1')!.changes.find((c) => c.scope === 'commitment' && c.id === '2023-370100-002') as Extract<ChangesFile['changes'][number], { type: 'modified'; scope: 'commitment' }>).effects!;
    const expected = effects.map((e) => showEffect(e));
    expect(expected[0]).toMatch(new RegExp(`^${EFFECT_LABEL['target-lowered'].zh}`));
    for (const url of ['site/release/v1.0.1.html', 'site/compare.html?from=1.0.0&to=1.0.1']) {
      const page = await open(url);
      await page.locator('article.change.weakened').first().waitFor();
      expect(await page.locator('article.change.weakened').evaluateAll((a) => a.map((x) => x.id)), url).toEqual(['change-2023-370100-002']);
      const article = page.locator('#change-2023-370100-002');
      expect(await article.locator('.change-head .tag.weakened').innerText()).toBe('承诺弱化 weakened');
      expect(await article.locator('.effects li.weakens').allInnerTexts()).toEqual(expected);
      expect(await page.locator('.weakened-list a').allInnerTexts(), url).toEqual(['2023-370100-002']);
      expect(await page.locator('#change-2023-370100-004 .effects li').allInnerTexts()).toEqual(['指标提高：新增高新技术企业 900家 → 1000家']);
      expect(await page.locator('#change-2023-370100-004 .effects li.weakens').count()).toBe(0);
      await page.close();
    }
    const page = await open('site/release/v2.0.1.html');
    expect(await page.locator('#change-2023-370300-002 .effects li.weakens').innerText()).toMatch(/^完成时间推迟：/);
    await page.close();
  });
});

describe('the whole site, as an auditor used it', () => {
  it('fits 390 px without sideways scrolling, and loads nothing from elsewhere, with no script error', async () => {
    const official = `site/${PAGE.official('370100', '于海田')}`;
    for (const url of ['site/index.html', 'site/targets.html', 'site/changelog.html', 'site/release/v1.0.1.html', 'site/city/qingdao.html', 'site/table/v1.0.0.html', official]) {
      const page = await open(url, phone);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), url).toBeLessThanOrEqual(PHONE.width);
      await page.close();
    }
    const page = await open('site/compare.html?from=1.0.0&to=2.0.1', phone);
    await page.locator('.compare-summary').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.close();
    const fileBase = pathToFileURL(store.dir).href;
    expect(requests.filter((u) => !u.startsWith(`${server.origin}/repo/`) && !u.startsWith(fileBase))).toEqual([]);
    expect(errors).toEqual([]);
  });
});
