/**
 * The compare page (compare.html), bundled as assets/compare.js: loads the data of the two
 * chosen versions, compares them with the pipeline's own diffDatasets and character diff,
 * and shows the result with the views the pre-rendered comparison is built from
 * (comparison-view.ts). Data reaches the page only as text nodes.
 *
 * A link names its pair (?from=1.0.0&to=1.0.1, with or without v); each pair chosen is a
 * history entry (Back returns to the previous one); an unknown version is said so, never
 * replaced by another; while a version loads, the old result is taken away.
 * Over HTTP the data comes from data/v<version>.json; a page opened from file:// may not
 * fetch, so there it loads data/v<version>.js, the same data as a script.
 */
import { diffChars } from '../../diff/char-diff.ts';
import { diffDatasets } from '../../diff/diff-datasets.ts';
import { comparisonTitle, comparisonView } from '../comparison-view.ts';
import { SITE_TITLE } from '../layout.ts';
import { PAGE } from '../paths.ts';
import { parseVersionData, type VersionData } from '../version-data.ts';
import { el, type ViewNode } from '../view-tree.ts';
import { elementById, renderViewDom } from './dom.ts';

/** The engine the page runs, on the page's global as `siteCompare`: for readers in the console, and for the tests that check it is the pipeline's. */
const engine = Object.freeze({ diffChars, diffDatasets, parseVersionData });

declare global {
  var siteCompare: typeof engine | undefined;
  /** Where data/v<version>.js leaves its data, by version, for the page to take. */
  var siteVersionData: Record<string, unknown> | undefined;
}
globalThis.siteCompare = engine;

/** A version as people type it: 1.0.0, v1.0.0, V1.0.0. */
function normalizeVersion(value: string | null): string | null {
  if (value === null) return null;
  const v = value.trim();
  return /^[vV]/.test(v) ? v.slice(1) : v;
}

/** Reads data/v<version>.js through a <script> element (what file:// allows) and takes the data it leaves. */
function loadByScript(doc: Document, src: string, version: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const script = doc.createElement('script');
    script.src = src;
    script.onload = () => {
      script.remove();
      const store = globalThis.siteVersionData;
      if (!store || !(version in store)) return reject(new Error(`v${version}: ${src} 没有提供数据`));
      const data = store[version];
      delete store[version];
      resolve(data);
    };
    script.onerror = () => {
      script.remove();
      reject(new Error(`v${version}: 无法载入 ${src}`));
    };
    doc.head.append(script);
  });
}

/** The version data files, each read once (a failed read is tried again next time). */
function makeLoader(doc: Document, root: string): (version: string) => Promise<VersionData> {
  const cache = new Map<string, Promise<VersionData>>();
  const fromFile = location.protocol === 'file:';
  return (version) => {
    let pending = cache.get(version);
    if (!pending) {
      const json: Promise<unknown> = fromFile
        ? loadByScript(doc, root + PAGE.dataScript(version), version)
        : fetch(root + PAGE.data(version)).then((res) => {
            if (!res.ok) throw new Error(`v${version}: HTTP ${res.status}`);
            return res.json() as Promise<unknown>;
          });
      pending = json.then((data) => parseVersionData(data, version));
      pending.catch(() => cache.delete(version));
      cache.set(version, pending);
    }
    return pending;
  };
}

interface Pair {
  readonly from: string;
  readonly to: string;
}

function startComparePage(doc: Document): void {
  const form = elementById(doc, 'compare-form', HTMLFormElement);
  const result = elementById(doc, 'compare-result', HTMLElement);
  const fromSel = elementById(doc, 'from', HTMLSelectElement);
  const toSel = elementById(doc, 'to', HTMLSelectElement);
  if (!form || !result || !fromSel || !toSel) return;
  const root = doc.getElementById('main')?.getAttribute('data-root') ?? '';
  const load = makeLoader(doc, root);
  // The options list the versions newest first.
  const versions = Array.from(fromSel.options, (o) => o.value).reverse();
  const prerendered: Pair = { from: result.getAttribute('data-from') ?? '', to: result.getAttribute('data-to') ?? '' };
  let shown: string | null = `${prerendered.from}|${prerendered.to}`;
  let latestRequest = 0;

  const setTitle = (title: string): void => {
    doc.title = `${title} · ${SITE_TITLE}`;
  };
  const replace = (view: ViewNode): void => {
    result.replaceChildren(...renderViewDom(view, doc));
  };
  const scrollToHash = (): void => {
    const id = decodeURIComponent(location.hash.slice(1));
    if (id) doc.getElementById(id)?.scrollIntoView();
  };

  /** Shows a pair as the URL or the form names it (raw: with or without v, maybe unknown). */
  const show = async (from: string, to: string): Promise<void> => {
    // Only the newest request may draw: an older, slower one must not overwrite it.
    const ticket = ++latestRequest;
    const unknown = [from, to].find((v) => !versions.includes(v));
    if (unknown !== undefined) {
      shown = null;
      result.removeAttribute('aria-busy');
      setTitle(`版本比较：没有版本 v${unknown}`);
      replace(el('p', { class: 'notice' }, `没有版本 v${unknown}。本站的版本：${versions.map((v) => `v${v}`).join('、')}。请在上方选择。`));
      return;
    }
    fromSel.value = from;
    toSel.value = to;
    setTitle(comparisonTitle(from, to));
    const key = `${from}|${to}`;
    if (key === shown) {
      result.removeAttribute('aria-busy');
      return;
    }
    // The old result goes at once: a slow load must never leave it on screen as if it were this pair's.
    shown = null;
    result.setAttribute('aria-busy', 'true');
    replace(el('p', { class: 'loading' }, `正在载入 v${from} → v${to} …`));
    try {
      const [before, after] = await Promise.all([load(from), load(to)]);
      if (ticket !== latestRequest) return;
      replace(comparisonView(before, after, root));
      shown = key;
      result.setAttribute('data-from', from);
      result.setAttribute('data-to', to);
      scrollToHash();
    } catch (err) {
      if (ticket !== latestRequest) return;
      const message = err instanceof Error ? err.message : String(err);
      replace(el('p', { class: 'notice' }, `无法读取版本数据（${message}）。请稍后重试，或查看各版本页面。`));
    } finally {
      if (ticket === latestRequest) result.removeAttribute('aria-busy');
    }
  };

  /** The pair a URL names: its from and to, with or without v; the pre-rendered pair's where one is missing. */
  const pairOf = (search: string): Pair => {
    const params = new URLSearchParams(search);
    return { from: normalizeVersion(params.get('from')) ?? prerendered.from, to: normalizeVersion(params.get('to')) ?? prerendered.to };
  };
  const urlOf = (pair: Pair): string => `?${new URLSearchParams({ from: pair.from, to: pair.to }).toString()}${location.hash}`;

  /** A pair chosen in the form: a history entry of its own. */
  const choose = (): void => {
    const pair = { from: fromSel.value, to: toSel.value };
    const current = pairOf(location.search);
    if (location.search === '' || pair.from !== current.from || pair.to !== current.to) {
      try {
        history.pushState(pair, '', urlOf(pair));
      } catch {
        // Some file:// pages refuse history changes; the comparison still shows.
      }
    }
    void show(pair.from, pair.to);
  };

  form.hidden = false;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    choose();
  });
  fromSel.addEventListener('change', choose);
  toSel.addEventListener('change', choose);
  doc.getElementById('swap')?.addEventListener('click', () => {
    [fromSel.value, toSel.value] = [toSel.value, fromSel.value];
    choose();
  });
  window.addEventListener('popstate', () => {
    const pair = pairOf(location.search);
    void show(pair.from, pair.to);
  });

  const initial = pairOf(location.search);
  if (location.search !== '' && versions.includes(initial.from) && versions.includes(initial.to)) {
    try {
      // The link as typed (v1.0.0) becomes the canonical one, in place.
      history.replaceState(initial, '', urlOf(initial));
    } catch {
      // As above: file:// may refuse.
    }
  }
  void show(initial.from, initial.to);
}

// Where there is no page (the bundle loaded in a test's node:vm), only the engine is offered.
if (typeof document !== 'undefined') startComparePage(document);
