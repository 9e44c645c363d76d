import { html, type SafeHtml } from './escape.ts';
import { PAGE, rootOf } from './paths.ts';

export const SITE_TITLE = '山东16市重点工作任务公开承诺事项';
export const SITE_SUBTITLE = 'Shandong city commitments · open data';

/** Which top-level section a page belongs to (highlighted in the navigation). */
export type Section = 'overview' | 'search' | 'compare' | 'targets' | 'changelog' | 'release' | 'city' | 'commitment' | 'official';

/** What every page shares: the latest version, asset fingerprints and the public base URL. */
export interface SiteChrome {
  readonly latestVersion: string;
  /** Static asset name → short content hash, appended as ?v= so a new build is never served stale CSS/JS. */
  readonly assetHashes: ReadonlyMap<string, string>;
  /** Public URL prefix ending in '/', for canonical links; null when not given. */
  readonly baseUrl: string | null;
  /** The source repository's address (no trailing '/'), to link commits and pull requests; null names them as text. */
  readonly repoUrl: string | null;
}

export interface PageInput {
  /** The page's path inside the site, e.g. city/jinan.html. */
  readonly path: string;
  readonly title: string;
  readonly description: string;
  readonly section: Section;
  readonly body: SafeHtml;
  /** Static scripts the page enhances itself with (the page reads fine without them). */
  readonly scripts?: readonly string[];
  readonly chrome: SiteChrome;
}

/**
 * No request may leave the page's origin, and seed text can never run: the policy allows
 * only the site's own files, and no inline script or style at all.
 */
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'";

const NAV: ReadonlyArray<{ section: Section; href: string; label: string }> = [
  { section: 'overview', href: PAGE.overview, label: '概览' },
  { section: 'search', href: PAGE.search, label: '搜索' },
  { section: 'compare', href: PAGE.compare, label: '版本比较' },
  { section: 'targets', href: PAGE.targets, label: '指标' },
  { section: 'changelog', href: PAGE.changelog, label: '更新日志' },
];

function assetUrl(root: string, chrome: SiteChrome, name: string): string {
  const hash = chrome.assetHashes.get(name);
  return `${root}${PAGE.asset(name)}${hash ? `?v=${hash}` : ''}`;
}

/** A complete HTML page: landmarks, skip link, navigation, the body, and a footer. */
export function renderPage(page: PageInput): string {
  const root = rootOf(page.path);
  const { chrome } = page;
  const canonical = chrome.baseUrl ? `${chrome.baseUrl}${page.path === PAGE.overview ? '' : page.path}` : null;
  const doc = html`<!DOCTYPE html>
<html lang="zh-Hans">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="referrer" content="no-referrer">
<meta name="color-scheme" content="light">
<title>${page.title} · ${SITE_TITLE}</title>
<meta name="description" content="${page.description}">
${canonical ? html`<link rel="canonical" href="${canonical}">\n` : ''}<link rel="icon" href="${assetUrl(root, chrome, 'icon.svg')}" type="image/svg+xml">
<link rel="stylesheet" href="${assetUrl(root, chrome, 'site.css')}">
<link rel="alternate" type="application/atom+xml" title="${SITE_TITLE}：版本更新" href="${root}${PAGE.feed}">
${(page.scripts ?? []).map((s) => html`<script src="${assetUrl(root, chrome, s)}" defer></script>\n`)}</head>
<body>
<a class="skip" href="#main">跳到正文 Skip to content</a>
<header class="site-header">
<div class="wrap">
<p class="site-title"><a href="${root}${PAGE.overview}">${SITE_TITLE}</a> <span lang="en">${SITE_SUBTITLE}</span></p>
<nav aria-label="主导航 Main">
<ul>
${NAV.map((n) => html`<li><a href="${root}${n.href}"${n.section === page.section ? html` aria-current="page"` : ''}>${n.label}</a></li>\n`)}</ul>
</nav>
</div>
</header>
<main id="main" class="wrap" data-root="${root}">
${page.body}
</main>
<footer class="site-footer">
<div class="wrap">
<p>数据版本 v${chrome.latestVersion} · 本站由发布库中的正式版本生成，页面为静态文件，不加载任何外部资源。 <a href="${root}${PAGE.changelog}">更新日志</a> · <a href="${root}${PAGE.feed}">订阅 Atom feed</a></p>
<p lang="en">Generated from the published releases; every download lists its size and SHA-256.</p>
</div>
</footer>
</body>
</html>
`;
  return doc.value;
}
