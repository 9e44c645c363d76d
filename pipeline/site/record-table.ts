import type { CommitmentRecord } from '../schemas/release.ts';
import { html, type SafeHtml } from './escape.ts';
import { deadlineKindOf } from './labels.ts';
import { PAGE } from './paths.ts';

export interface RecordTableOptions {
  /** Prefix back to the site root from the page the table is on. */
  readonly root: string;
  /** Accessible caption (visible unless `hideCaption`). */
  readonly caption: string;
  readonly hideCaption?: boolean;
  /** Adds a 城市 column (tables that mix cities). */
  readonly showCity?: boolean;
  /** Adds data-* attributes the search script filters on. */
  readonly searchable?: boolean;
  readonly id?: string;
  /** Strikes the text through (withdrawn commitments). */
  readonly withdrawn?: boolean;
}

/** Names joined with 、, each kept on one line (a name never breaks in the middle). */
export function renderNames(names: readonly string[]): SafeHtml {
  return html`${names.map((n, i) => html`${i > 0 ? '、' : ''}<span class="name">${n}</span>`)}`;
}

/**
 * Commitments as a table (序号, 承诺事项, 完成时间, 责任人, 编号) with column headers; on a
 * phone each row becomes a card whose cells are labelled from data-label.
 */
export function renderRecordTable(records: readonly CommitmentRecord[], o: RecordTableOptions): SafeHtml {
  const rows = records.map(
    (r) => html`<tr${
      o.searchable ? html` data-year="${r.year}" data-city="${r.cityCode}" data-kind="${deadlineKindOf(r)}" data-names="${r.responsible.join('\n')}"` : ''
    }>${o.showCity ? html`<td data-label="城市" class="city"><a href="${o.root}${PAGE.city(r.cityCode)}">${r.city}</a> ${r.year}</td>` : ''}<td data-label="序号" class="seq">${r.seq}</td><td class="text">${
      o.withdrawn ? html`<s>${r.text}</s>` : r.text
    }</td><td data-label="完成时间" class="deadline">${r.deadline}</td><td data-label="责任人" class="responsible">${renderNames(r.responsible)}</td><td data-label="编号" class="id"><a href="${o.root}${PAGE.commitment(r.id)}">${r.id}</a></td></tr>
`,
  );
  return html`<div class="table-wrap"><table class="records"${o.id ? html` id="${o.id}"` : ''}>
<caption${o.hideCaption ? html` class="sr-only"` : ''}>${o.caption}</caption>
<thead><tr>${o.showCity ? html`<th scope="col">城市 city</th>` : ''}<th scope="col">序号 seq</th><th scope="col">承诺事项 text</th><th scope="col">完成时间 deadline</th><th scope="col">责任人 responsible</th><th scope="col">编号 id</th></tr></thead>
<tbody>
${rows}</tbody>
</table></div>`;
}
