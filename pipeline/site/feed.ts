/**
 * feed.xml: an Atom feed (RFC 4287) with one entry per release, newest first, so readers can
 * follow the data. Ids are name-based UUIDs (v5) of the dataset and the version: the same
 * on every rebuild, wherever the site is hosted. Dates are the releases' own (datapackage.json
 * `created`), never the clock.
 */
import { createHash } from 'node:crypto';
import { DATASET } from '../schemas/release.ts';
import { BUMP_LABEL } from '../schemas/fields.ts';
import { countsLine, releaseCounts } from './counts.ts';
import { escapeHtml } from './escape.ts';
import { SITE_TITLE } from './layout.ts';
import type { SiteRelease } from './model.ts';
import { PAGE } from './paths.ts';

/** RFC 4122 namespace for names that are URLs/URIs. */
const URL_NAMESPACE = '6ba7b8119dad11d180b400c04fd430c8';

/** A name-based (SHA-1, version 5) UUID of `name` in the URL namespace, as urn:uuid:…. */
export function uuidV5(name: string): string {
  const hash = createHash('sha1').update(Buffer.from(URL_NAMESPACE, 'hex')).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** The release's date as Atom wants it; a release without a usable one takes the date before it. */
function atomDates(releases: readonly SiteRelease[]): Map<SiteRelease, string> {
  const dates = new Map<SiteRelease, string>();
  let previous = '1970-01-01T00:00:00Z';
  for (const r of releases) {
    const created = r.created ?? '';
    const date = RFC3339.test(created) ? created : /^\d{4}-\d{2}-\d{2}$/.test(created) ? `${created}T00:00:00Z` : previous;
    dates.set(r, date);
    previous = date;
  }
  return dates;
}

/** The feed, every text escaped; links relative to the feed, or absolute under an absolute base URL. */
export function renderFeed(releases: readonly SiteRelease[], baseUrl: string | null): string {
  const base = baseUrl && /^https?:\/\//.test(baseUrl) ? baseUrl : '';
  const x = escapeHtml;
  const dates = atomDates(releases);
  const newestFirst = [...releases].reverse();
  const updated = newestFirst[0] ? dates.get(newestFirst[0])! : '1970-01-01T00:00:00Z';
  const entries = newestFirst.map((r) => {
    const link = `${base}${PAGE.release(r.version)}`;
    return `<entry>
<id>${uuidV5(`${DATASET}:release:${r.version}`)}</id>
<title>v${x(r.version)} ${x(BUMP_LABEL[r.changes.bump])}</title>
<updated>${x(dates.get(r)!)}</updated>
<link rel="alternate" type="text/html" href="${x(link)}"/>
<summary>${x(countsLine(releaseCounts(r.changes)))}</summary>
</entry>
`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-Hans">
<id>${uuidV5(`${DATASET}:feed`)}</id>
<title>${x(SITE_TITLE)}</title>
<subtitle>每个版本一条：新增、撤回、修改、仅重新编号与弱化的承诺事项数</subtitle>
<updated>${x(updated)}</updated>
<link rel="self" type="application/atom+xml" href="${x(`${base}${PAGE.feed}`)}"/>
<link rel="alternate" type="text/html" href="${x(base ? base : PAGE.overview)}"/>
<author><name>${x(SITE_TITLE)} 数据维护者</name></author>
${entries.join('')}</feed>
`;
}
