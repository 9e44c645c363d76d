import { describe, expect, it } from 'vitest';
import { escapeHtml, html, raw, safeExternalUrl } from '../../pipeline/site/escape.ts';
import { renderSite, type SiteFile } from '../../pipeline/site/render-site.ts';
import { buildSearchFacets, findMatchRanges, markedTextView, matchesFormerOnly, matchesQuery, matchesRow, parseQueryTerms, type SearchQuery } from '../../pipeline/site/search-index.ts';
import { el, renderViewHtml } from '../../pipeline/site/view-tree.ts';
import { parseVersionData } from '../../pipeline/site/version-data.ts';
import { isSafeSitePath } from '../../pipeline/site/paths.ts';
import { releaseCounts } from '../../pipeline/site/counts.ts';
import { renderFeed, uuidV5 } from '../../pipeline/site/feed.ts';
import { targetMarkedView, targetRangesOf } from '../../pipeline/site/targets-view.ts';
import type { Target } from '../../pipeline/promises/target.ts';
import { makeCity, makeRecord, makeReleases } from '../support/builders.ts';

const decoder = new TextDecoder();
const text = (files: SiteFile[], path: string): string => {
  const f = files.find((x) => x.path === path);
  if (!f) throw new Error(`no ${path} in ${files.map((x) => x.path).join(', ')}`);
  return decoder.decode(f.bytes);
};
const staticAssets = [{ name: 'site.css', bytes: new TextEncoder().encode('body{}') }];

const HOSTILE = '<script>alert(1)</script>"onload="alert(2)" \'x\' & <b>加粗</b>';

describe('escaping', () => {
  it.each([
    ['<', '&lt;'],
    ['>', '&gt;'],
    ['&', '&amp;'],
    ['"', '&quot;'],
    ["'", '&#39;'],
    ['高新技术企业', '高新技术企业'],
  ])('escapes %s as %s', (input, output) => {
    expect(escapeHtml(input)).toBe(output);
  });

  it('escapes every interpolated string, in text and in attributes, but not nested markup', () => {
    const out = html`<p title="${HOSTILE}">${HOSTILE}${html`<em>${'<i>'}</em>`}${[1, null, false, undefined, 'a&b']}</p>`.value;
    expect(out).toBe(
      '<p title="&lt;script&gt;alert(1)&lt;/script&gt;&quot;onload=&quot;alert(2)&quot; &#39;x&#39; &amp; &lt;b&gt;加粗&lt;/b&gt;">' +
        '&lt;script&gt;alert(1)&lt;/script&gt;&quot;onload=&quot;alert(2)&quot; &#39;x&#39; &amp; &lt;b&gt;加粗&lt;/b&gt;<em>&lt;i&gt;</em>1a&amp;b</p>',
    );
    expect(html`${raw('<br>')}`.value).toBe('<br>');
  });

  it.each([
    ['https://www.dzwww.com/a?b=1', 'https://www.dzwww.com/a?b=1'],
    ['http://example.org/', 'http://example.org/'],
    ['javascript:alert(1)', null],
    ['JaVaScRiPt:alert(1)', null],
    ['data:text/html,<script>alert(1)</script>', null],
    ['/relative/path', null],
    ['not a url', null],
    [undefined, null],
  ])('links the source url %s only when it is http(s)', (url, expected) => {
    expect(safeExternalUrl(url)).toBe(expected);
  });
});

describe('views (view-tree.ts), written as HTML', () => {
  it('escapes every string, in text and in attribute values, and leaves out what is not set', () => {
    const view = el('p', { class: HOSTILE, id: undefined, 'data-n': 3 }, HOSTILE, [null, false, undefined, '', 7], el('del', {}, '<i>'));
    expect(renderViewHtml(view).value).toBe(
      '<p class="&lt;script&gt;alert(1)&lt;/script&gt;&quot;onload=&quot;alert(2)&quot; &#39;x&#39; &amp; &lt;b&gt;加粗&lt;/b&gt;" data-n="3">' +
        '&lt;script&gt;alert(1)&lt;/script&gt;&quot;onload=&quot;alert(2)&quot; &#39;x&#39; &amp; &lt;b&gt;加粗&lt;/b&gt;7<del>&lt;i&gt;</del></p>',
    );
  });
});

describe('pages built from hostile seed text', () => {
  const hostile = makeRecord({
    seq: 2,
    cityCode: '370200',
    text: HOSTILE,
    deadline: '12月底前"><svg onload=alert(4)>',
    responsible: ['张<img src=x onerror=alert(3)>'],
    basis: '<script>alert(6)</script>',
    targets: [{ span: 'alert(1)', start: 8, end: 16, value: 1, unit: '<i>', comparator: '=', indicator: '<img src=x onerror=alert(7)>', source: 'seed' }],
  });
  const releases = makeReleases([
    { records: [makeRecord({ seq: 1 })], cities: [makeCity('370100')] },
    {
      records: [makeRecord({ seq: 1, text: HOSTILE }), makeRecord({ seq: 1, cityCode: '370200' }), hostile],
      cities: [
        makeCity('370100', { source: { title: '标题<script>', publisher: '大众日报', url: 'javascript:alert(5)', date: '2023-02-10' } }),
        makeCity('370200', { contact: { name: '王<i>', phone: '0532-1"2' } }),
      ],
    },
  ]);
  // The commits behind the changes, and the release's own, as git gave them: a subject is text too.
  const commit = { sha: 'a'.repeat(40), subject: '<script>alert(8)</script> 修订 (#3)', date: '2023-11-20T09:30:00+08:00', pr: 3 };
  const second = releases[1]!;
  releases[1] = {
    ...second,
    changes: { ...second.changes, source: { commit: 'a'.repeat(40), previousCommit: null, history: 'complete' }, changes: second.changes.changes.map((c) => ({ ...c, commits: [commit] })) },
  };
  const files = renderSite({ releases, staticAssets, baseUrl: null, repoUrl: 'https://github.com/owner/repo' });
  const pages = files.filter((f) => f.path.endsWith('.html')).map((f) => ({ path: f.path, html: decoder.decode(f.bytes) }));

  it('renders every page kind', () => {
    expect(pages.map((p) => p.path).sort()).toEqual([
      'changelog.html',
      'city/jinan.html',
      'city/qingdao.html',
      'commitment/2023-370100-001.html',
      'commitment/2023-370200-001.html',
      'commitment/2023-370200-002.html',
      'compare.html',
      'index.html',
      'official/370100-e58898e5bcba.html',
      'official/370200-e58898e5bcba.html',
      'official/370200-e5bca03c696d67207372633d78206f6e6572726f723d616c6572742833293e.html',
      'release/v1.0.0.html',
      'release/v1.0.1.html',
      'search.html',
      'table/v1.0.0.html',
      'table/v1.0.1.html',
      'targets.html',
    ]);
    // Every file has a path the builder accepts: names reach paths only encoded.
    for (const f of files) expect(isSafeSitePath(f.path) || f.path === '.nojekyll', f.path).toBe(true);
  });

  it('never lets seed text become markup on any page', () => {
    // The only SVG is the home page's chart, built from numbers and versions.
    const chart = /^<svg class="chart" viewBox="0 0 \d+ \d+" role="img" aria-labelledby="chart-title chart-desc" xmlns="http:\/\/www\.w3\.org\/2000\/svg">$/;
    for (const page of pages) {
      const tags = page.html.match(/<(script|img|svg|b|i)\b[^>]*>/g) ?? [];
      expect(tags.filter((t) => !/^<script src="[^"]+" defer>$/.test(t) && !(page.path === 'index.html' && chart.test(t))), page.path).toEqual([]);
      // No tag carries an event handler; escaped text and quoted attribute values may mention one.
      const attributesOnly = page.html.replace(/"[^"]*"/g, '""');
      expect(attributesOnly, page.path).not.toMatch(/<[a-z][^>]*\son\w+=/i);
      expect(page.html, page.path).not.toContain('javascript:');
    }
    const release = pages.find((p) => p.path === 'release/v1.0.1.html')!.html;
    expect(release).toContain('<span class="subject">&lt;script&gt;alert(8)&lt;/script&gt; 修订 (#3)</span>');
    expect(release).toContain('<a href="https://github.com/owner/repo/pull/3">PR #3</a>');
    const commitment = pages.find((p) => p.path === 'commitment/2023-370200-002.html')!.html;
    expect(commitment).toContain('<dd>&lt;script&gt;alert(6)&lt;/script&gt;</dd>');
    expect(commitment).toContain('title="&lt;img src=x onerror=alert(7)&gt;：alert(1)（= 1 &lt;i&gt;）">alert(1)</span>');
    const search = pages.find((p) => p.path === 'search.html')!.html;
    expect(search).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;onload=&quot;alert(2)&quot; &#39;x&#39; &amp; &lt;b&gt;加粗&lt;/b&gt;');
    expect(search).toContain('data-names="张&lt;img src=x onerror=alert(3)&gt;"');
  });

  it('writes version data the compare script reads, with no raw < that could close a tag', () => {
    const data = text(files, 'data/v1.0.1.json');
    expect(data).not.toContain('<');
    // Read back with the page's own check, it is the release's records and cities, hostile text verbatim.
    const parsed = parseVersionData(JSON.parse(data), '1.0.1');
    expect(parsed.records.map((r) => r.text)).toContain(HOSTILE);
    expect(parsed).toEqual({ version: '1.0.1', records: releases[1]!.dataset.records, cities: releases[1]!.dataset.cities });
  });

  it('gives every page landmarks, a language, a viewport and a policy that forbids other origins', () => {
    for (const page of pages) {
      expect(page.html).toContain('<html lang="zh-Hans">');
      expect(page.html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
      expect(page.html).toContain('content="default-src &#39;none&#39;; script-src &#39;self&#39;; style-src &#39;self&#39;;');
      for (const landmark of ['<header', '<nav', '<main id="main"', '<footer']) expect(page.html).toContain(landmark);
      // Nothing is loaded from elsewhere (a link to the repository is a link, not a load).
      expect(page.html).not.toMatch(/\ssrc="(https?:)?\/\//);
      expect(page.html).not.toMatch(/<link\b[^>]*\shref="(https?:)?\/\//);
    }
  });
});

describe('changes and coverage', () => {
  const base = [1, 2, 3].map((seq) => makeRecord({ seq, text: seq === 2 ? '新增高新技术企业900家' : `第${seq}项` }));
  const releases = makeReleases([
    { records: base, cities: [makeCity('370100'), makeCity('370300', { complete: false, contact: null })] },
    {
      records: [
        makeRecord({ seq: 1, text: '第1项', responsible: ['刘强', '王晓明'] }),
        makeRecord({ id: '2023-370100-002', seq: 3, text: '新增高新技术企业1000家' }),
        makeRecord({ id: '2023-370100-003', seq: 4, text: '第3项' }),
        makeRecord({ id: '2023-370100-009', seq: 2, text: '新插入的一项' }),
      ],
      cities: [makeCity('370100')],
    },
  ]);
  const files = renderSite({ releases, staticAssets, baseUrl: null });

  it('highlights reworded text by character, renumbering, reassignment and additions on the release page', () => {
    const page = text(files, 'release/v1.0.1.html');
    expect(page).toMatch(
      /<article class="change modified" id="change-2023-370100-002" data-id="2023-370100-002">[\s\S]*?新增高新技术企业<span class="cp" aria-hidden="true">\[-<\/span><del>900<\/del><span class="cp" aria-hidden="true">-\]<\/span><span class="cp" aria-hidden="true">\{\+<\/span><ins>1000<\/ins><span class="cp" aria-hidden="true">\+\}<\/span>家/,
    );
    // Side by side: the old text with its deletions, the new with its insertions.
    expect(page).toContain('<span class="before"><span class="side">旧</span> 新增高新技术企业<del>900</del>家</span><span class="after"><span class="side">新</span> 新增高新技术企业<ins>1000</ins>家</span>');
    expect(page).toContain('（原第2项）');
    expect(page).toContain('<span class="who-added">增加 <ins>王晓明</ins></span>');
    expect(page).toMatch(/仅重新编号 renumbered（1）[\s\S]*?2023-370100-003[\s\S]*?第<del>3<\/del>项 → 第<ins>4<\/ins>项/);
    expect(page).toMatch(/新增 added（1）[\s\S]*?新插入的一项/);
    expect(page).toMatch(/移除城市 淄博市/);
  });

  it('follows one commitment across versions on its page', () => {
    const page = text(files, 'commitment/2023-370100-002.html');
    expect(page).toContain('现行 current');
    // Newest first.
    expect(page).toMatch(/v1\.0\.1[\s\S]*新增高新技术企业<span class="cp" aria-hidden="true">\[-<\/span><del>900<\/del>[\s\S]*<ins>1000<\/ins>[\s\S]*v1\.0\.0[\s\S]*新增 added/);
  });

  it('lists all 16 cities in the coverage, marking the missing ones', () => {
    const page = text(files, 'index.html');
    expect(page.match(/<tr class="missing">/g)).toHaveLength(15);
    expect(page).toContain('<a href="city/jinan.html">济南市</a>');
    expect(page).toContain('<span class="status missing">缺失 15 市</span>');
  });

  it('is deterministic: the same releases give the same bytes', () => {
    const again = renderSite({ releases, staticAssets, baseUrl: null });
    expect(again.map((f) => [f.path, decoder.decode(f.bytes)])).toEqual(files.map((f) => [f.path, decoder.decode(f.bytes)]));
  });

  it('adds canonical links and a sitemap only when given a public address', () => {
    const withBase = renderSite({ releases, staticAssets, baseUrl: 'https://owner.github.io/repo/' });
    expect(text(withBase, 'city/jinan.html')).toContain('<link rel="canonical" href="https://owner.github.io/repo/city/jinan.html">');
    expect(text(withBase, 'sitemap.xml')).toContain('<loc>https://owner.github.io/repo/</loc>');
    expect(files.some((f) => f.path === 'sitemap.xml')).toBe(false);
    expect(text(files, 'index.html')).not.toContain('rel="canonical"');
  });
});

describe('search', () => {
  it.each([
    ['新增高新技术企业1000家', true],
    ['高新技术', true],
    ['１０００家', true],
    ['1000家 研发', true],
    ['高新技术企业900家', false],
    ['', true],
  ])('matches %s by substring (terms separated by spaces)', (query, expected) => {
    expect(matchesQuery('新增高新技术企业1000家，研发经费', query)).toBe(expected);
  });

  // As the page reads a row of the search table: its text, normalized, and its data-* attributes.
  const row = { hay: '济南市 2023 新增高新技术企业1000家 刘强', former: '新增高新技术企业900家', names: ['刘强', '王晓明'], city: '370100', kind: 'due', year: '2023', status: 'current' };
  const query = (over: Partial<SearchQuery>): SearchQuery => ({ q: '', city: '', who: '', kind: '', year: '', status: '', ...over });

  it.each([
    [{}, true],
    [{ q: '高新 １０００' }, true],
    [{ q: '高新 800' }, false],
    [{ city: '370100', kind: 'due', year: '2023' }, true],
    [{ city: '370200' }, false],
    [{ kind: 'ongoing' }, false],
    [{ year: '2024' }, false],
    [{ who: '晓明' }, true],
    [{ who: '张' }, false],
    [{ status: 'current' }, true],
    [{ status: 'withdrawn' }, false],
    [{ q: '900家' }, true],
    [{ q: '900家 刘强' }, true],
    [{ q: '800家' }, false],
  ])('filters a row by %j: %s', (over, expected) => {
    expect(matchesRow(row, query(over))).toBe(expected);
  });

  it('says when a row matches only through an earlier text', () => {
    expect(matchesFormerOnly(row, query({ q: '900家' }))).toBe(true);
    expect(matchesFormerOnly(row, query({ q: '1000家' }))).toBe(false);
  });

  it('marks every occurrence of every term once, overlapping matches merged', () => {
    const text = '高新技术企业和高新技术产业';
    const ranges = findMatchRanges(text, parseQueryTerms('高新 新技术 产业'));
    expect(ranges).toEqual([
      [0, 4],
      [7, 13],
    ]);
    expect(renderViewHtml(markedTextView(text, ranges)).value).toBe('<mark>高新技术</mark>企业和<mark>高新技术产业</mark>');
    expect(findMatchRanges(text, [''])).toEqual([]);
  });

  it('offers the cities, kinds and names found in the records', () => {
    const facets = buildSearchFacets([
      makeRecord({ seq: 1, deadline: '长期坚持', responsible: ['刘强', '于海田'] }),
      makeRecord({ seq: 2, deadline: '长期坚持，12月底前取得阶段性成效' }),
      makeRecord({ seq: 1, cityCode: '370200', deadline: '12月底前', responsible: ['于海田'] }),
    ]);
    expect(facets.cities).toEqual([
      { code: '370100', name: '济南市', count: 2 },
      { code: '370200', name: '青岛市', count: 1 },
    ]);
    expect(facets.kinds).toEqual([
      { kind: 'ongoing', count: 1 },
      { kind: 'ongoing-due', count: 1 },
      { kind: 'due', count: 1 },
    ]);
    expect(facets.names).toEqual(['于海田', '刘强']);
  });
});

describe('releases made before the format recorded targets, basis, provenance and the new counts', () => {
  // A release as an older pipeline wrote it: no targets or basis in records, no source or
  // commits in changes.json, no renumbered or weakened in its summary.
  const releases = makeReleases([
    { records: [1, 2, 3].map((seq) => makeRecord({ seq, text: seq === 2 ? '新增高新技术企业900家' : `第${seq}项` })), cities: [makeCity('370100')] },
    {
      records: [
        makeRecord({ seq: 1, text: '第1项' }),
        makeRecord({ id: '2023-370100-009', seq: 2, text: '新插入的一项' }),
        makeRecord({ id: '2023-370100-002', seq: 3, text: '新增高新技术企业1000家' }),
        makeRecord({ id: '2023-370100-003', seq: 4, text: '第3项' }),
      ],
      cities: [makeCity('370100')],
    },
  ]).map((r) => {
    const { renumbered: _renumbered, weakened: _weakened, ...summary } = r.changes.summary;
    const changes = r.changes.changes.map((c) => {
      if (c.scope !== 'commitment' || c.type !== 'modified') return c;
      const { effects: _effects, weakened: _w, ...rest } = c;
      return rest;
    });
    return { ...r, changes: { ...r.changes, summary, changes } };
  });
  const files = renderSite({ releases, staticAssets, baseUrl: null });

  it('counts renumberings from the changes and says the weakened count was not recorded', () => {
    expect(releaseCounts(releases[1]!.changes)).toEqual({ added: 1, removed: 0, modified: 1, renumbered: 1, weakened: null });
    const page = text(files, 'release/v1.0.1.html');
    expect(page).toContain('<dd>新增 1 项，撤回 0 项，修改 1 项 · 仅重新编号 1 项 · 承诺弱化 未记录</dd>');
    expect(text(files, 'index.html')).toContain('新增 1 · 撤回 0 · 修改 1 · 仅重新编号 1 · 承诺弱化 未记录</summary>');
    expect(text(files, 'feed.xml')).toContain('<summary>新增 1 项，撤回 0 项，修改 1 项 · 仅重新编号 1 项 · 承诺弱化 未记录</summary>');
  });

  it('says why no commits are listed, and shows no targets where none were published', () => {
    const page = text(files, 'release/v1.0.1.html');
    expect(page).toContain('<p class="notice history-note">提交记录：此版本发布时尚未记录提交信息（较早的发布格式），未列出提交记录。</p>');
    expect(page).toContain('<div><dt>构建提交 build commit</dt><dd>未记录</dd></div>');
    expect(page).not.toContain('class="commits"');
    expect(page).not.toContain('class="target"');
    expect(text(files, 'commitment/2023-370100-002.html')).toContain('文本中没有读出量化指标。');
    expect(text(files, 'targets.html')).toContain('共 0 项指标');
  });
});

describe('targets in a text (code points, not UTF-16 units)', () => {
  const t = (span: string, start: number, end: number): Target => ({ span, start, end, value: 1, unit: '', comparator: '=', indicator: '', source: 'extracted' });

  it('converts code-point ranges to string offsets past characters outside the BMP', () => {
    const text = '新建𠀀𠀁小区停车位3000个以上，增长5%左右';
    const ranges = targetRangesOf(text, [t('5%左右', 19, 23), t('3000个以上', 9, 16)]);
    expect(ranges.map((r) => [r.start, r.end, text.slice(r.start, r.end)])).toEqual([
      [11, 18, '3000个以上'],
      [21, 25, '5%左右'],
    ]);
    expect(renderViewHtml(targetMarkedView(text, [t('3000个以上', 9, 16)])).value).toBe('新建𠀀𠀁小区停车位<span class="target">3000个以上</span>，增长5%左右');
  });

  it.each([
    ['outside the text', t('5家', 10, 12)],
    ['not holding its span', t('6家', 2, 4)],
    ['empty', t('5', 2, 2)],
  ])('leaves out a target %s rather than mark the wrong characters', (_name, target) => {
    expect(targetRangesOf('新增5家企业', [target])).toEqual([]);
  });

  it('leaves out a target that overlaps an earlier one', () => {
    expect(targetRangesOf('新增5家企业', [t('5家', 2, 4), t('家企', 3, 5)]).map((r) => r.target.span)).toEqual(['5家']);
  });
});

describe('the feed (feed.xml)', () => {
  const states = [1, 2, 3].map((n) => ({ records: [makeRecord({ seq: 1, text: `新增高新技术企业${n}00家` })], cities: [makeCity('370100')] }));
  const releases = makeReleases(states);

  it('keeps every entry’s id when a release is added, and takes its dates from the releases', () => {
    const ids = (xml: string): string[] => [...xml.matchAll(/<entry>\n<id>(urn:uuid:[^<]+)<\/id>/g)].map((m) => m[1]!);
    const two = renderFeed(releases.slice(0, 2), null);
    const three = renderFeed(releases, null);
    expect(ids(three).slice(1)).toEqual(ids(two));
    expect(new Set(ids(three)).size).toBe(3);
    expect(three.match(/<updated>[^<]+<\/updated>/g)).toEqual(['<updated>2023-11-16T22:13:20Z</updated>', ...['16', '15', '14'].map((d) => `<updated>2023-11-${d}T22:13:20Z</updated>`)]);
    expect(uuidV5('shandong-commitments:release:1.0.0')).toBe(ids(three)[2]);
  });

  it('links absolutely under an absolute base URL, relatively otherwise', () => {
    expect(renderFeed(releases, 'https://owner.github.io/repo/')).toContain('<link rel="alternate" type="text/html" href="https://owner.github.io/repo/release/v1.0.2.html"/>');
    expect(renderFeed(releases, null)).toContain('<link rel="alternate" type="text/html" href="release/v1.0.2.html"/>');
  });
});
