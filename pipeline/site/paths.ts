import { findCityByCode } from '../domain/cities.ts';

/**
 * Where each page and file of the site lives. Every link is relative (built from the
 * page's own depth), so the site works under a GitHub Pages sub-path and from file://.
 */

/** The city page's file name part: the pinyin slug of the trusted city table, else the code. */
export function citySlugOf(code: string): string {
  return findCityByCode(code)?.slug ?? code;
}

export const PAGE = {
  overview: 'index.html',
  search: 'search.html',
  compare: 'compare.html',
  city: (code: string): string => `city/${citySlugOf(code)}.html`,
  commitment: (id: string): string => `commitment/${id}.html`,
  release: (version: string): string => `release/v${version}.html`,
  download: (version: string, name: string): string => `download/v${version}/${name}`,
  data: (version: string): string => `data/v${version}.json`,
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
