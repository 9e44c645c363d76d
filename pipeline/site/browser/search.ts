/**
 * The search page (search.html), bundled as assets/search.js: filters the pre-rendered
 * table in place by text (any substring; space-separated terms must all match), city,
 * responsible official, deadline kind and year, with the rules of search-index.ts, and
 * marks the matched text. The filters live in the URL (?q=…&city=…) so a search can be
 * linked; nothing is sent anywhere.
 */
import {
  findMatchRanges,
  isFiltered,
  markedTextView,
  matchesRow,
  normalizeForSearch,
  parseQueryTerms,
  SEARCH_PARAMS,
  type SearchParam,
  type SearchQuery,
  type SearchRowFacts,
} from '../search-index.ts';
import { elementById, renderViewDom } from './dom.ts';

/** A row of the table, with what it is matched on. */
interface Row extends SearchRowFacts {
  readonly tr: HTMLTableRowElement;
  /** The text cell, whose matches are marked, and its text. */
  readonly cell: HTMLElement | null;
  readonly text: string;
  readonly normText: string;
  marked: boolean;
}

function readRow(tr: HTMLTableRowElement): Row {
  const cell = tr.querySelector<HTMLElement>('td.text');
  const text = cell?.textContent ?? '';
  return {
    tr,
    cell,
    text,
    normText: normalizeForSearch(text),
    hay: normalizeForSearch(tr.textContent ?? ''),
    names: normalizeForSearch(tr.getAttribute('data-names') ?? '').split('\n'),
    city: tr.getAttribute('data-city') ?? '',
    kind: tr.getAttribute('data-kind') ?? '',
    year: tr.getAttribute('data-year') ?? '',
    marked: false,
  };
}

/** Rewrites the text cell with <mark> around every match, or back to plain text. */
function markRow(row: Row, terms: readonly string[], doc: Document): void {
  if (!row.cell) return;
  // Marks are placed by position in the normalized text: only where it kept the length.
  if (terms.length === 0 || row.normText.length !== row.text.length) {
    if (row.marked) row.cell.textContent = row.text;
    row.marked = false;
    return;
  }
  row.cell.replaceChildren(...renderViewDom(markedTextView(row.text, findMatchRanges(row.normText, terms)), doc));
  row.marked = true;
}

function startSearchPage(doc: Document): void {
  const form = elementById(doc, 'search-form', HTMLFormElement);
  const table = elementById(doc, 'results', HTMLTableElement);
  const body = table?.tBodies[0];
  if (!form || !table || !body) return;
  const status = doc.getElementById('search-status');
  const none = doc.getElementById('no-results');
  const rows = Array.from(body.rows, readRow);

  const field = (name: SearchParam): HTMLInputElement | HTMLSelectElement | null => {
    const f = form.elements.namedItem(name);
    return f instanceof HTMLInputElement || f instanceof HTMLSelectElement ? f : null;
  };
  const value = (name: SearchParam): string => field(name)?.value.trim() ?? '';
  const readQuery = (): SearchQuery => ({ q: value('q'), city: value('city'), who: value('who'), kind: value('kind'), year: value('year') });

  const apply = (): void => {
    const query = readQuery();
    const terms = parseQueryTerms(query.q);
    let shown = 0;
    for (const row of rows) {
      const ok = matchesRow(row, query);
      row.tr.hidden = !ok;
      markRow(row, ok ? terms : [], doc);
      if (ok) shown++;
    }
    if (status) status.textContent = isFiltered(query) ? `找到 ${shown} 项（共 ${rows.length} 项）` : `共 ${rows.length} 项`;
    if (none) none.hidden = shown > 0;
    table.hidden = shown === 0;
    const params = new URLSearchParams();
    for (const name of SEARCH_PARAMS) if (query[name]) params.set(name, query[name]);
    const search = params.toString();
    try {
      history.replaceState(null, '', search ? `?${search}` : location.pathname);
    } catch {
      // file:// pages may refuse history changes; the filter still works.
    }
  };

  const initial = new URLSearchParams(location.search);
  for (const name of SEARCH_PARAMS) {
    const f = field(name);
    const value = initial.get(name);
    if (f && value) f.value = value;
  }
  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    apply();
  });
  form.addEventListener('reset', (e) => {
    e.preventDefault();
    for (const name of SEARCH_PARAMS) {
      const f = field(name);
      if (f) f.value = '';
    }
    apply();
  });
  apply();
}

startSearchPage(document);
