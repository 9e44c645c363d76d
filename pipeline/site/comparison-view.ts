/**
 * The comparison of two versions as the compare page shows it: pre-rendered by the site
 * builder for one pair, built in the browser for any other, with the same diff
 * (diffDatasets, the one releases use) and the same views. No Node imports: bundled.
 */
import type { Dataset } from '../domain/dataset.ts';
import { diffDatasets } from '../diff/diff-datasets.ts';
import { changeGroupsView } from './changes-view.ts';
import { countChanges, countsLine } from './counts.ts';
import { el, type ViewNode } from './view-tree.ts';

/** One side of a comparison: a version's records and cities. */
export type ComparedVersion = Pick<Dataset, 'records' | 'cities'> & { readonly version: string | null };

/** The compare page's title for a pair: 版本比较 v1.0.0 → v1.0.1. */
export function comparisonTitle(from: string, to: string): string {
  return `版本比较 v${from} → v${to}`;
}

/** The summary line (real modifications and renumberings apart, weakened promises) and the changes from `before` to `after`, grouped by city. */
export function comparisonView(before: ComparedVersion, after: ComparedVersion, root: string): ViewNode {
  const diff = diffDatasets(before, after);
  return [
    el('p', { class: 'compare-summary' }, `v${before.version ?? ''} → v${after.version ?? ''}：${countsLine(countChanges(diff.changes))}`),
    '\n',
    changeGroupsView(diff.changes, { before, after }, { root }),
  ];
}
