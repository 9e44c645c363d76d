import { diffChars } from '../diff/char-diff.ts';
import type { DiffOp, FieldChange } from '../schemas/release.ts';
import type { SafeHtml } from './escape.ts';
import { showValue } from '../render/show-value.ts';
import { el, renderViewHtml, type ViewNode } from './view-tree.ts';

/**
 * Text a reader does not see but a copy keeps (class "cp": no size on screen, aria-hidden,
 * since screen readers hear del/ins announced by the stylesheet): wdiff's brackets, so that
 * a copied change reads `[-旧-]{+新+}`, never old and new run together.
 */
function copyMark(text: string): ViewNode {
  return el('span', { class: 'cp', 'aria-hidden': 'true' }, text);
}

/**
 * A character diff: deleted characters in <del>, inserted in <ins> (struck/underlined, not
 * colour alone), each between copy-only brackets ([-…-], {+…+}).
 */
export function diffOpsView(ops: readonly DiffOp[]): ViewNode {
  return ops.map(([op, text]) =>
    op === '=' ? text : op === '-' ? [copyMark('[-'), el('del', {}, text), copyMark('-]')] : [copyMark('{+'), el('ins', {}, text), copyMark('+}')],
  );
}

/** diffOpsView as HTML. */
export function renderDiffOps(ops: readonly DiffOp[]): SafeHtml {
  return renderViewHtml(diffOpsView(ops));
}

/**
 * The two sides of a character diff, one line each: the old text with its deletions marked,
 * then the new with its insertions (the side-by-side view; a copy gives two lines).
 */
export function diffSidesView(ops: readonly DiffOp[]): ViewNode {
  const side = (cls: 'before' | 'after', label: string, keep: '-' | '+', tag: 'del' | 'ins'): ViewNode =>
    el('span', { class: cls }, el('span', { class: 'side' }, label), ' ', ops.map(([op, text]) => (op === '=' ? text : op === keep ? el(tag, {}, text) : null)));
  return [side('before', '旧', '-', 'del'), side('after', '新', '+', 'ins')];
}

/** How a field change is drawn: inline only, or inline and side by side (a page with the toggle). */
export interface FieldViewOptions {
  readonly split?: boolean;
}

/**
 * How one field changed: strings as a character diff (the published diff, or one computed
 * with the project's diffChars when absent), name lists as who joined and who left,
 * anything else as before → after.
 */
export function fieldChangeView(name: string, change: FieldChange, options: FieldViewOptions = {}): ViewNode {
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
    const ops = change.diff ?? diffChars(change.before, change.after);
    const inline = el('span', { class: 'diff diff-inline' }, diffOpsView(ops));
    return options.split ? [inline, el('span', { class: 'diff diff-split' }, diffSidesView(ops))] : inline;
  }
  if (name === 'contact' || name === 'source') {
    return el('span', { class: 'diff diff-inline' }, diffOpsView(diffChars(showValue(change.before), showValue(change.after))));
  }
  return [el('del', {}, showValue(change.before)), ' → ', el('ins', {}, showValue(change.after))];
}

/** fieldChangeView as HTML. */
export function renderFieldChange(name: string, change: FieldChange): SafeHtml {
  return renderViewHtml(fieldChangeView(name, change));
}
