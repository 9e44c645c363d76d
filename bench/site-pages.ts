/**
 * Page weight and first paint of a built site, measured in Chromium (Debian's, through
 * playwright-core, as the site tests drive it): for every page of the site, its HTML bytes;
 * for the pages named (default: one of each kind), everything a visit loads (HTML, CSS,
 * scripts, data) and the first contentful paint from the browser's performance API, at
 * 1280 and 390 px, the median of several loads over HTTP on 127.0.0.1. A harness, not a
 * test: the figures depend on the machine.
 *
 *   npx tsx bench/site-pages.ts --site dist/site [--runs 5] [--pages index.html,search.html]
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.json': 'application/json', '.svg': 'image/svg+xml', '.xml': 'application/xml' };

async function listFiles(dir: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(path.join(dir, rel), { withFileTypes: true })) {
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listFiles(dir, p)));
    else out.push(p);
  }
  return out;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { site: { type: 'string', default: 'dist/site' }, runs: { type: 'string', default: '5' }, pages: { type: 'string' } } });
  const root = path.resolve(values.site!);
  const runs = Number(values.runs);
  const html = (await listFiles(root)).filter((f) => f.endsWith('.html'));
  const sizes = await Promise.all(html.map(async (f) => ({ page: f, bytes: (await stat(path.join(root, f))).size })));
  sizes.sort((a, b) => b.bytes - a.bytes);
  const kinds = new Map<string, string>();
  for (const { page } of [...sizes].reverse()) kinds.set(page.includes('/') ? page.split('/')[0]! : page, page);
  const pages = values.pages ? values.pages.split(',') : [...kinds.values()].sort();

  const server = createServer((req, res) => {
    void (async () => {
      const rel = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).slice(1) || 'index.html';
      const file = path.resolve(root, rel);
      if (!file.startsWith(root + path.sep)) return void res.writeHead(403).end();
      try {
        const body = await readFile(file);
        res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' }).end(body);
      } catch {
        res.writeHead(404).end();
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  const rows: string[] = [];
  try {
    for (const page of pages) {
      const figures: Record<string, { fcp: number; bytes: number }> = {};
      for (const [name, viewport] of [['1280', { width: 1280, height: 800 }], ['390', { width: 390, height: 844 }]] as const) {
        const fcps: number[] = [];
        let bytes = 0;
        for (let i = 0; i < runs; i++) {
          const context = await browser.newContext({ viewport });
          const tab = await context.newPage();
          let loaded = 0;
          tab.on('response', (r) => void r.body().then((b) => (loaded += b.length), () => undefined));
          await tab.goto(base + page, { waitUntil: 'networkidle' });
          const fcp = await tab.evaluate(() => performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint')?.startTime ?? NaN);
          fcps.push(fcp);
          bytes = loaded;
          await context.close();
        }
        figures[name] = { fcp: median(fcps), bytes };
      }
      rows.push(`| ${page} | ${(sizes.find((s) => s.page === page)!.bytes / 1024).toFixed(1)} | ${(figures['1280']!.bytes / 1024).toFixed(1)} | ${figures['1280']!.fcp.toFixed(0)} | ${figures['390']!.fcp.toFixed(0)} |`);
    }
  } finally {
    await browser.close();
    server.close();
  }
  process.stdout.write(`${html.length} pages; largest HTML: ${sizes.slice(0, 5).map((s) => `${s.page} ${(s.bytes / 1024).toFixed(1)} KiB`).join(', ')}\n\n`);
  process.stdout.write(`| page | HTML KiB | loaded KiB (all requests) | first contentful paint, 1280 px (ms) | at 390 px (ms) |\n|---|---:|---:|---:|---:|\n${rows.join('\n')}\n`);
  process.stdout.write(`\nmedian of ${runs} loads each, fresh context (no cache), HTTP on 127.0.0.1\n`);
}

await main();
