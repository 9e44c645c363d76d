/**
 * Serves a built site from a folder the way GitHub Pages serves a project site: under a
 * sub-path (/<repo>/), where relative links must work.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { listenLocal } from '../local-server.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml',
  '.csv': 'text/csv; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.zip': 'application/zip',
};

export interface StaticServer {
  /** Origin plus the sub-path the site is served under, e.g. http://127.0.0.1:41234/repo/. */
  readonly url: string;
  readonly origin: string;
  close(): Promise<void>;
}

/** Serves `dir` on 127.0.0.1 (a free port) under `base`. */
export async function serveStatic(dir: string, base = '/site/'): Promise<StaticServer> {
  const root = path.resolve(dir);
  const server = await listenLocal((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      let rel = decodeURIComponent(url.pathname);
      if (!rel.startsWith(base)) return void res.writeHead(404).end('not under the base path');
      rel = rel.slice(base.length) || 'index.html';
      if (rel.endsWith('/')) rel += 'index.html';
      const file = path.resolve(root, rel);
      if (!file.startsWith(root + path.sep)) return void res.writeHead(403).end();
      try {
        if (!(await stat(file)).isFile()) return void res.writeHead(404).end();
        const body = await readFile(file);
        res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
        res.end(body);
      } catch {
        res.writeHead(404).end('not found');
      }
    })();
  });
  return { url: `${server.origin}${base}`, origin: server.origin, close: server.close };
}
