/**
 * The counts the site heads its lists of changes with, real modifications and renumberings
 * apart: 新增 1 项，撤回 0 项，修改 2 项 · 仅重新编号 9 项 · 承诺弱化 1 项. Releases made before
 * changes.json counted renumberings have them counted here from their changes; a release
 * that did not count weakened promises says so instead of claiming none.
 */
import { isRenumbering } from '../diff/diff-datasets.ts';
import { summaryLine } from '../render/render-changelog.ts';
import type { Change, ChangesFile } from '../schemas/release.ts';

/** Counts of commitment changes; `modified` counts the real modifications only (renumberings apart). */
export interface ChangeCounts {
  readonly added: number;
  readonly removed: number;
  readonly modified: number;
  readonly renumbered: number;
  /** null when the release did not record it (made before changes.json counted weakened promises). */
  readonly weakened: number | null;
}

/** Counts a list of changes (a release's, one city's, a comparison's). */
export function countChanges(changes: readonly Change[]): ChangeCounts {
  let added = 0;
  let removed = 0;
  let modified = 0;
  let renumbered = 0;
  let weakened: number | null = 0;
  for (const c of changes) {
    if (c.scope !== 'commitment') continue;
    if (c.type === 'added') added++;
    else if (c.type === 'removed') removed++;
    else {
      if (isRenumbering(c.fields)) renumbered++;
      else modified++;
      if (c.weakened === undefined) weakened = null;
      else if (c.weakened && weakened !== null) weakened++;
    }
  }
  return { added, removed, modified, renumbered, weakened };
}

/** A release's counts: its summary, with what an older release's summary lacks counted from its changes. */
export function releaseCounts(file: Pick<ChangesFile, 'summary' | 'changes'>): ChangeCounts {
  const { summary } = file;
  const renumbered = summary.renumbered ?? countChanges(file.changes).renumbered;
  return { added: summary.added, removed: summary.removed, modified: summary.modified - renumbered, renumbered, weakened: summary.weakened ?? null };
}

/** 新增 1 项，撤回 0 项，修改 2 项 · 仅重新编号 9 项 (the changelog's words), and 承诺弱化 N 项 when asked. */
export function countsLine(c: ChangeCounts, withWeakened = true): string {
  const line = summaryLine({ added: c.added, removed: c.removed, modified: c.modified + c.renumbered, renumbered: c.renumbered, weakened: c.weakened ?? 0 });
  if (!withWeakened) return line;
  return `${line} · ${c.weakened === null ? '承诺弱化 未记录' : `承诺弱化 ${c.weakened} 项`}`;
}

/** The same counts, short (lists, summaries of folded entries): 新增 1 · 撤回 0 · 修改 2 · 仅重新编号 9 · 承诺弱化 1. */
export function countsShort(c: ChangeCounts): string {
  return `新增 ${c.added} · 撤回 ${c.removed} · 修改 ${c.modified} · 仅重新编号 ${c.renumbered} · 承诺弱化 ${c.weakened ?? '未记录'}`;
}
