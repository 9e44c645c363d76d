/**
 * The 指标 page (targets.html), bundled as assets/targets.js: filters the pre-rendered table
 * of targets by city, year, unit and comparator, searches the indicators and sorts the rows
 * by value (the rules are target-filter.ts). The query lives in the URL, so a view can be
 * linked; nothing is sent anywhere.
 */
import { normalizeForSearch } from '../search-index.ts';
import { matchesTarget, sortTargets, TARGET_PARAMS, type TargetQuery, type TargetRowFacts } from '../target-filter.ts';
import { elementById } from './dom.ts';
import { bindFilterForm, queryOf, showQuery } from './filter-form.ts';

interface Row extends TargetRowFacts {
  readonly tr: HTMLTableRowElement;
}

function readRow(tr: HTMLTableRowElement, order: number): Row {
  const attr = (name: string): string => tr.getAttribute(`data-${name}`) ?? '';
  return {
    tr,
    order,
    city: attr('city'),
    year: attr('year'),
    unit: attr('unit'),
    cmp: attr('cmp'),
    value: Number(attr('value')),
    indicator: normalizeForSearch(tr.querySelector('td.indicator')?.textContent ?? ''),
  };
}

function startTargetsPage(doc: Document): void {
  const form = elementById(doc, 'targets-form', HTMLFormElement);
  const table = elementById(doc, 'target-table', HTMLTableElement);
  const body = table?.tBodies[0];
  if (!form || !table || !body) return;
  const status = doc.getElementById('targets-status');
  const none = doc.getElementById('no-targets');
  const rows = Array.from(body.rows, (tr, i) => readRow(tr, i));

  const readQuery = (): TargetQuery => {
    const { value } = filters;
    return { q: value('q'), city: value('city'), year: value('year'), unit: value('unit'), cmp: value('cmp'), sort: value('sort') };
  };

  const apply = (): void => {
    const query = readQuery();
    let shown = 0;
    for (const row of rows) {
      const ok = matchesTarget(row, query);
      row.tr.hidden = !ok;
      if (ok) shown++;
    }
    body.append(...sortTargets(rows, query.sort).map((r) => r.tr));
    const filtered = TARGET_PARAMS.some((p) => p !== 'sort' && query[p] !== '');
    if (status) status.textContent = filtered ? `找到 ${shown} 项（共 ${rows.length} 项指标）` : `共 ${rows.length} 项指标`;
    if (none) none.hidden = shown > 0;
    table.hidden = shown === 0;
    showQuery(history, location, queryOf(TARGET_PARAMS, query));
  };

  const filters = bindFilterForm(form, TARGET_PARAMS, location, apply);
  apply();
}

startTargetsPage(document);
