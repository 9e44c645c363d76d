import { diffChars } from '../diff/char-diff.ts';
import type { DiffOp, FieldChange } from '../schemas/release.ts';
import { html, join, type SafeHtml } from './escape.ts';
import { showValue } from '../render/show-value.ts';

/** A character diff: deleted characters in <del>, inserted in <ins> (struck/underlined, not colour alone). */
export function renderDiffOps(ops: readonly DiffOp[]): SafeHtml {
  return join(ops.map(([op, text]) => (op === '=' ? text : op === '-' ? html`<del>${text}</del>` : html`<ins>${text}</ins>`)));
}


/**
 * How one field changed: strings as a character diff (the published diff, or one computed
 * with the project's diffChars when absent), name lists as who joined and who left,
 * anything else as before → after.
 */
export function renderFieldChange(name: string, change: FieldChange): SafeHtml {
  if (name === 'responsible') {
    const added = change.added ?? [];
    const removed = change.removed ?? [];
    return html`${added.length > 0 ? html`<span class="who-added">增加 <ins>${added.join('、')}</ins></span> ` : ''}${
      removed.length > 0 ? html`<span class="who-removed">移除 <del>${removed.join('、')}</del></span> ` : ''
    }${added.length === 0 && removed.length === 0 ? '顺序调整 ' : ''}<span class="was">（${showValue(change.before)} → ${showValue(change.after)}）</span>`;
  }
  if (name === 'complete') return html`${change.before ? '完整' : '不完整'} → ${change.after ? '完整' : '不完整'}`;
  if (typeof change.before === 'string' && typeof change.after === 'string') {
    return html`<span class="diff">${renderDiffOps(change.diff ?? diffChars(change.before, change.after))}</span>`;
  }
  if (name === 'contact' || name === 'source') {
    const before = showValue(change.before);
    const after = showValue(change.after);
    return html`<span class="diff">${renderDiffOps(diffChars(before, after))}</span>`;
  }
  return html`<del>${showValue(change.before)}</del> → <ins>${showValue(change.after)}</ins>`;
}
