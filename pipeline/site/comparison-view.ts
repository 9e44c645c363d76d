/**
 * The comparison of two versions as the compare page shows it: pre-rendered by the site
 * builder for one pair, built in the browser for any other, with the same diff
 * (diffDatasets, the one releases use) and the same views. No Node imports: bundled.
 */
import type { Dataset } from '../domain/dataset.ts';
import { diffDatasets } from '../diff/diff-datasets.ts';
import { changeGroupsView } from './changes-view.ts';
import { el, type ViewNode } from './view-tree.ts';

/** One side of a comparison: a version's records and cities. */
export type ComparedVersion = Pick<Dataset, 'records' | 'cities'> & { readonly version: string | null };

/** The summary line and the changes from `before` to `after`, grouped by city. */
export function comparisonView(before: ComparedVersion, after: ComparedVersion, root: string): ViewNode {
  const diff = diffDatasets(before, after);
  const { added, removed, modified } = diff.summary;
  return [
    el(
      'p',
      { class: 'compare-summary' },
      `v${before.version ?? ''} → v${after.version ?? ''}：新增 `,
      el('strong', {}, added),
      ' 项，撤回 ',
      el('strong', {}, removed),
      ' 项，修改 ',
      el('strong', {}, modified),
      ' 项',
    ),
    '\n',
    changeGroupsView(diff.changes, { before, after }, root),
  ];
}
