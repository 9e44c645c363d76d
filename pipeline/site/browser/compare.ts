/**
 * The compare page (compare.html), bundled as assets/compare.js: loads data/v<version>.json
 * for the two chosen versions, compares them with the pipeline's own diffDatasets and
 * character diff, and shows the result with the views the pre-rendered comparison is
 * built from (comparison-view.ts). Data reaches the page only as text nodes.
 */
import { diffChars } from '../../diff/char-diff.ts';
import { diffDatasets } from '../../diff/diff-datasets.ts';
import { comparisonView } from '../comparison-view.ts';
import { PAGE } from '../paths.ts';
import { parseVersionData, type VersionData } from '../version-data.ts';
import { el } from '../view-tree.ts';
import { elementById, renderViewDom } from './dom.ts';

/** The engine the page runs, on the page's global as `siteCompare`: for readers in the console, and for the tests that check it is the pipeline's. */
const engine = Object.freeze({ diffChars, diffDatasets, parseVersionData });

declare global {
  var siteCompare: typeof engine | undefined;
}
globalThis.siteCompare = engine;

/** The version data files, each fetched once (a failed fetch is tried again next time). */
function makeLoader(root: string): (version: string) => Promise<VersionData> {
  const cache = new Map<string, Promise<VersionData>>();
  return (version) => {
    let pending = cache.get(version);
    if (!pending) {
      pending = fetch(root + PAGE.data(version)).then(async (res) => {
        if (!res.ok) throw new Error(`v${version}: HTTP ${res.status}`);
        const json: unknown = await res.json();
        return parseVersionData(json, version);
      });
      pending.catch(() => cache.delete(version));
      cache.set(version, pending);
    }
    return pending;
  };
}

function hasOption(select: HTMLSelectElement, value: string | null): value is string {
  return value !== null && Array.from(select.options).some((o) => o.value === value);
}

function startComparePage(doc: Document): void {
  const form = elementById(doc, 'compare-form', HTMLFormElement);
  const result = elementById(doc, 'compare-result', HTMLElement);
  const fromSel = elementById(doc, 'from', HTMLSelectElement);
  const toSel = elementById(doc, 'to', HTMLSelectElement);
  if (!form || !result || !fromSel || !toSel || typeof fetch !== 'function') return;
  const root = doc.getElementById('main')?.getAttribute('data-root') ?? '';
  const load = makeLoader(root);
  let shown: { from: string | null; to: string | null } = { from: result.getAttribute('data-from'), to: result.getAttribute('data-to') };
  let latestRequest = 0;

  const run = async (from: string, to: string): Promise<void> => {
    // Only the newest request may render: an older, slower one must not overwrite it.
    const ticket = ++latestRequest;
    if (from === shown.from && to === shown.to) {
      result.removeAttribute('aria-busy');
      return;
    }
    result.setAttribute('aria-busy', 'true');
    try {
      const [before, after] = await Promise.all([load(from), load(to)]);
      if (ticket !== latestRequest) return;
      result.replaceChildren(...renderViewDom(comparisonView(before, after, root), doc));
      shown = { from, to };
      result.setAttribute('data-from', from);
      result.setAttribute('data-to', to);
    } catch (err) {
      if (ticket !== latestRequest) return;
      const message = err instanceof Error ? err.message : String(err);
      const notice = el('p', { class: 'notice' }, `无法读取版本数据（${message}）。若以 file:// 打开本站，浏览器会禁止读取；请通过网站访问，或查看各版本页面。`);
      result.replaceChildren(...renderViewDom(notice, doc));
      shown = { from: null, to: null };
    } finally {
      if (ticket === latestRequest) result.removeAttribute('aria-busy');
    }
  };

  const update = (): void => {
    try {
      history.replaceState(null, '', `?${new URLSearchParams({ from: fromSel.value, to: toSel.value }).toString()}`);
    } catch {
      // file:// pages may refuse history changes.
    }
    void run(fromSel.value, toSel.value);
  };

  const initial = new URLSearchParams(location.search);
  const from = initial.get('from');
  const to = initial.get('to');
  if (hasOption(fromSel, from)) fromSel.value = from;
  if (hasOption(toSel, to)) toSel.value = to;
  form.hidden = false;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    update();
  });
  fromSel.addEventListener('change', update);
  toSel.addEventListener('change', update);
  doc.getElementById('swap')?.addEventListener('click', () => {
    [fromSel.value, toSel.value] = [toSel.value, fromSel.value];
    update();
  });
  void run(fromSel.value, toSel.value);
}

// Where there is no page (the bundle loaded in a test's node:vm), only the engine is offered.
if (typeof document !== 'undefined') startComparePage(document);
