import { sha256Hex } from '../release-format/checksums.ts';
import { renderChangelogPage } from './changelog-page.ts';
import { renderCityPage } from './city-page.ts';
import { renderCommitmentPage } from './commitment-page.ts';
import { renderComparePage } from './compare.ts';
import { escapeHtml, jsonForPage } from './escape.ts';
import { renderFeed } from './feed.ts';
import type { SiteChrome } from './layout.ts';
import { indexReleases, type SiteRelease } from './model.ts';
import { renderOfficialPage } from './official-page.ts';
import { renderOverview } from './overview.ts';
import { PAGE } from './paths.ts';
import { renderReleasePage } from './release-page.ts';
import { renderSearchPage, renderTablePage } from './search-page.ts';
import { renderTargetsPage } from './targets-page.ts';
import { renderVersionData, renderVersionScript } from './version-data.ts';

/** One file of the site: its path inside the site and exact bytes. */
export interface SiteFile {
  readonly path: string;
  readonly bytes: Uint8Array;
}

export interface SiteInput {
  /** Every published release, oldest first. */
  readonly releases: readonly SiteRelease[];
  /** The static CSS/SVG files and the bundled page scripts, by name (served from assets/). */
  readonly staticAssets: ReadonlyArray<{ name: string; bytes: Uint8Array }>;
  /** Public URL prefix for canonical links, the feed and the sitemap, or null. */
  readonly baseUrl: string | null;
  /** The source repository's address, to link commits and pull requests; null (the default) names them as text. */
  readonly repoUrl?: string | null;
}

const encoder = new TextEncoder();
const file = (path: string, text: string): SiteFile => ({ path, bytes: encoder.encode(text) });

/**
 * Every page and data file of the site (downloads excluded: the builder copies those).
 * Pure and deterministic: the same releases give the same bytes.
 */
export function renderSite(input: SiteInput): SiteFile[] {
  const index = indexReleases(input.releases);
  const chrome: SiteChrome = {
    latestVersion: index.latest.version,
    assetHashes: new Map(input.staticAssets.map((a) => [a.name, sha256Hex(a.bytes).slice(0, 10)])),
    baseUrl: input.baseUrl,
    repoUrl: input.repoUrl ?? null,
  };
  const files: SiteFile[] = [
    file(PAGE.overview, renderOverview(index, chrome)),
    file(PAGE.search, renderSearchPage(index, chrome)),
    file(PAGE.compare, renderComparePage(index, chrome)),
    file(PAGE.targets, renderTargetsPage(index, chrome)),
    file(PAGE.changelog, renderChangelogPage(index, chrome)),
    file(PAGE.feed, renderFeed(index.releases, input.baseUrl)),
    // GitHub Pages would otherwise run the site through Jekyll.
    file('.nojekyll', ''),
  ];
  for (const release of index.releases) {
    const data = renderVersionData({ ...release.dataset, version: release.version });
    files.push(file(PAGE.release(release.version), renderReleasePage(index, release, chrome)));
    files.push(file(PAGE.table(release.version), renderTablePage(index, release, chrome)));
    files.push(file(PAGE.data(release.version), jsonForPage(data)));
    files.push(file(PAGE.dataScript(release.version), renderVersionScript(data)));
  }
  for (const code of [...index.cities.keys()].sort()) files.push(file(PAGE.city(code), renderCityPage(index, code, chrome)));
  for (const id of [...index.lastRecordById.keys()].sort()) files.push(file(PAGE.commitment(id), renderCommitmentPage(index, id, chrome)));
  for (const official of index.officials.values()) files.push(file(PAGE.official(official.cityCode, official.name), renderOfficialPage(index, official, chrome)));
  for (const a of input.staticAssets) files.push({ path: PAGE.asset(a.name), bytes: a.bytes });
  if (input.baseUrl && /^https?:\/\//.test(input.baseUrl)) {
    const pages = files.filter((f) => f.path.endsWith('.html')).map((f) => f.path).sort();
    files.push(
      file(
        'sitemap.xml',
        `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${pages
          .map((p) => `<url><loc>${escapeHtml(input.baseUrl + (p === PAGE.overview ? '' : p))}</loc></url>\n`)
          .join('')}</urlset>\n`,
      ),
    );
  }
  return files;
}
