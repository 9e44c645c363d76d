/**
 * The search page (search.html) and each release's table (table/v<version>.html), bundled
 * as assets/search.js: filters the pre-rendered table in place by text (any substring;
 * space-separated terms must all match, in the text or an earlier text), city, responsible
 * official, deadline kind, year and status, with the rules of search-index.ts, and marks
 * the matched text. The filters live in the URL (?q=…&city=…) so a search can be linked,
 * and the links to the other versions' tables carry them; nothing is sent anywhere.
 */
import {
  findMatchRanges,
  isFiltered,
  markedTextView,
  matchesFormerOnly,
  matchesRow,
  normalizeForSearch,
  parseQueryTerms,
  SEARCH_PARAMS,
  searchStatusLine,
  type SearchQuery,
  type SearchRowFacts,
} from '../search-index.ts';
import { elementById, renderViewDom } from './dom.ts';
import { bindFilterForm, queryOf, showQuery } from './filter-form.ts';

/** A row of the table, with what it is matched on. */
interface Row extends SearchRowFacts {
  readonly tr: HTMLTableRowElement;
  /** The text cell, whose matches are marked, its text and its pre-rendered nodes (targets marked). */
  readonly cell: HTMLElement | null;
  readonly text: string;
  readonly normText: string;
  readonly original: readonly Node[];
  /** The tag that says a row matched through an earlier text only. */
  readonly formerHit: HTMLElement | null;
  marked: boolean;
}

function readRow(tr: HTMLTableRowElement): Row {
  // A withdrawn commitment's text is struck through: the <s> holds it.
  const cell = tr.querySelector<HTMLElement>('td.text s') ?? tr.querySelector<HTMLElement>('td.text');
  const text = cell?.textContent ?? '';
  const formerHit = tr.querySelector<HTMLElement>('.former-hit');
  return {
    tr,
    cell,
    text,
    normText: normalizeForSearch(text),
    original: cell ? Array.from(cell.childNodes) : [],
    formerHit,
    // The row's text, but not the words of its own hidden tag.
    hay: normalizeForSearch((tr.textContent ?? '').replace(formerHit?.textContent ?? '', '')),
    former: normalizeForSearch(tr.getAttribute('data-former') ?? ''),
    names: normalizeForSearch(tr.getAttribute('data-names') ?? '').split('\n'),
    city: tr.getAttribute('data-city') ?? '',
    kind: tr.getAttribute('data-kind') ?? '',
    year: tr.getAttribute('data-year') ?? '',
    status: tr.getAttribute('data-status') ?? 'current',
    marked: false,
  };
}

/** Rewrites the text cell with <mark> around every match, or back to its pre-rendered nodes. */
function markRow(row: Row, terms: readonly string[], doc: Document): void {
  if (!row.cell) return;
  // Marks are placed by position in the normalized text: only where it kept the length.
  if (terms.length === 0 || row.normText.length !== row.text.length) {
    if (row.marked) row.cell.replaceChildren(...row.original);
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
  const withdrawn = rows.filter((r) => r.status === 'withdrawn').length;
  const versionLinks = Array.from(doc.querySelectorAll<HTMLAnchorElement>('a[data-keep-query]'), (a) => ({ a, base: a.getAttribute('href') ?? '' }));

  const readQuery = (): SearchQuery => {
    const { value } = filters;
    return { q: value('q'), city: value('city'), who: value('who'), kind: value('kind'), year: value('year'), status: value('status') };
  };

  const apply = (): void => {
    const query = readQuery();
    const terms = parseQueryTerms(query.q);
    let shown = 0;
    for (const row of rows) {
      const ok = matchesRow(row, query);
      row.tr.hidden = !ok;
      markRow(row, ok ? terms : [], doc);
      if (row.formerHit) row.formerHit.hidden = !(ok && matchesFormerOnly(row, query));
      if (ok) shown++;
    }
    if (status) status.textContent = searchStatusLine(shown, rows.length, withdrawn, isFiltered(query));
    if (none) none.hidden = shown > 0;
    table.hidden = shown === 0;
    const params = queryOf(SEARCH_PARAMS, query);
    showQuery(history, location, params);
    // The other tables open with the same filters (status apart: only this page has it).
    params.delete('status');
    const carried = params.toString();
    for (const { a, base } of versionLinks) a.setAttribute('href', carried ? `${base}?${carried}` : base);
  };

  const filters = bindFilterForm(form, SEARCH_PARAMS, location, apply);
  apply();
}

startSearchPage(document);
