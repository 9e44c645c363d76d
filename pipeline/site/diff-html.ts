import { diffChars } from '../diff/char-diff.ts';
import type { DiffOp, FieldChange } from '../schemas/release.ts';
import type { SafeHtml } from './escape.ts';
import { showValue } from '../render/show-value.ts';
import { el, renderViewHtml, type ViewNode } from './view-tree.ts';

/** A character diff: deleted characters in <del>, inserted in <ins> (struck/underlined, not colour alone). */
export function diffOpsView(ops: readonly DiffOp[]): ViewNode {
  return ops.map(([op, text]) => (op === '=' ? text : el(op === '-' ? 'del' : 'ins', {}, text)));
}

/** diffOpsView as HTML. */
export function renderDiffOps(ops: readonly DiffOp[]): SafeHtml {
  return renderViewHtml(diffOpsView(ops));
}

/**
 * How one field changed: strings as a character diff (the published diff, or one computed
 * with the project's diffChars when absent), name lists as who joined and who left,
 * anything else as before → after.
 */
export function fieldChangeView(name: string, change: FieldChange): ViewNode {
  if (name === 'responsible') {
    const added = change.added ?? [];
    const removed = change.removed ?? [];
    return [
      added.length > 0 && [el('span', { class: 'who-added' }, '增加 ', el('ins', {}, added.join('、'))), ' '],
      removed.length > 0 && [el('span', { class: 'who-removed' }, '移除 ', el('del', {}, removed.join('、'))), ' '],
      added.length === 0 && removed.length === 0 && '顺序调整 ',
      el('span', { class: 'was' }, `（${showValue(change.before)} → ${showValue(change.after)}）`),
    ];
  }
  if (name === 'complete') return `${change.before ? '完整' : '不完整'} → ${change.after ? '完整' : '不完整'}`;
  if (typeof change.before === 'string' && typeof change.after === 'string') {
    return el('span', { class: 'diff' }, diffOpsView(change.diff ?? diffChars(change.before, change.after)));
  }
  if (name === 'contact' || name === 'source') {
    return el('span', { class: 'diff' }, diffOpsView(diffChars(showValue(change.before), showValue(change.after))));
  }
  return [el('del', {}, showValue(change.before)), ' → ', el('ins', {}, showValue(change.after))];
}

/** fieldChangeView as HTML. */
export function renderFieldChange(name: string, change: FieldChange): SafeHtml {
  return renderViewHtml(fieldChangeView(name, change));
}
