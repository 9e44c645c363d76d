import { findCityByCode } from '../domain/cities.ts';

/**
 * Where each page and file of the site lives. Every link is relative (built from the
 * page's own depth), so the site works under a GitHub Pages sub-path and from file://.
 * Plain code with no Node imports: the browser bundles it.
 */

/** The city page's file name part: the pinyin slug of the trusted city table, else the code. */
export function citySlugOf(code: string): string {
  return findCityByCode(code)?.slug ?? code;
}

/** Names up to this many UTF-8 bytes are spelled out in hex; longer ones are hashed. */
const MAX_NAME_BYTES = 48;

/** FNV-1a, 64 bits, of some bytes, as 16 hex digits. */
function fnv1a64(bytes: Uint8Array): string {
  let hash = 0xcbf29ce484222325n;
  for (const b of bytes) hash = BigInt.asUintN(64, (hash ^ BigInt(b)) * 0x100000001b3n);
  return hash.toString(16).padStart(16, '0');
}

/**
 * The file name part of an official's page: the city code and the name's UTF-8 bytes in hex
 * (王晓明 of 济南 → 370100-e78e8be69993e6988e), so no name ever reaches a path as it is
 * and two names never share a page; an implausibly long name is hashed instead (h + FNV-1a).
 */
export function officialSlugOf(cityCode: string, name: string): string {
  const bytes = new TextEncoder().encode(name);
  const part = bytes.length <= MAX_NAME_BYTES ? Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('') : `h${fnv1a64(bytes)}`;
  return `${cityCode}-${part}`;
}

export const PAGE = {
  overview: 'index.html',
  search: 'search.html',
  compare: 'compare.html',
  targets: 'targets.html',
  changelog: 'changelog.html',
  feed: 'feed.xml',
  city: (code: string): string => `city/${citySlugOf(code)}.html`,
  commitment: (id: string): string => `commitment/${id}.html`,
  official: (cityCode: string, name: string): string => `official/${officialSlugOf(cityCode, name)}.html`,
  release: (version: string): string => `release/v${version}.html`,
  /** Every commitment of one release, with the search page's filters. */
  table: (version: string): string => `table/v${version}.html`,
  download: (version: string, name: string): string => `download/v${version}/${name}`,
  data: (version: string): string => `data/v${version}.json`,
  /** The same data as a script that hands it to the compare page: what a page opened from file:// can load. */
  dataScript: (version: string): string => `data/v${version}.js`,
  asset: (name: string): string => `assets/${name}`,
} as const;

/** The prefix that leads from a page back to the site's root ('' or '../'). */
export function rootOf(pagePath: string): string {
  return '../'.repeat(pagePath.split('/').length - 1);
}

/** A path inside the site made safe to write: plain segments, no `..`, no hidden files. */
export function isSafeSitePath(p: string): boolean {
  return p.split('/').every((s) => /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(s) && !s.includes('..'));
}
