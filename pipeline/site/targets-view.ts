/**
 * Quantitative targets (records' `targets`) as the site shows them: marked in the text of
 * a commitment. Targets locate their span in Unicode code points; a JavaScript string counts
 * UTF-16 units (a character outside the BMP, 𠀀, is two), so the ranges are converted here.
 * Plain code with no Node imports: the browser bundles it.
 */
import type { Target } from '../promises/target.ts';
import { showTarget } from '../render/show-value.ts';
import { el, type ViewNode } from './view-tree.ts';

/** A target's place in a string, in UTF-16 units. */
export interface UnitRange {
  readonly start: number;
  readonly end: number;
  readonly target: Target;
}

/**
 * Where each target is in `text`, in UTF-16 units, in text order. A target whose code-point
 * range is outside the text, overlaps an earlier one, or does not hold its span is left out:
 * a wrong mark would be worse than none.
 */
export function targetRangesOf(text: string, targets: readonly Target[]): UnitRange[] {
  // offsets[i] = the UTF-16 offset of code point i (and of the end, at i = code point count).
  const offsets: number[] = [];
  let unit = 0;
  for (const ch of text) {
    offsets.push(unit);
    unit += ch.length;
  }
  offsets.push(unit);
  const out: UnitRange[] = [];
  let last = 0;
  for (const target of [...targets].sort((a, b) => a.start - b.start || a.end - b.end)) {
    const start = offsets[target.start];
    const end = offsets[target.end];
    if (start === undefined || end === undefined || end <= start || start < last) continue;
    if (text.slice(start, end) !== target.span) continue;
    out.push({ start, end, target });
    last = end;
  }
  return out;
}

/**
 * The text with each target in a <span class="target">, the rest as it is; with `titles`,
 * each span carries the machine's reading in its title (one commitment's page: tables of
 * many leave it out, for weight).
 */
export function targetMarkedView(text: string, targets: readonly Target[] | undefined, titles = false): ViewNode {
  if (!targets || targets.length === 0) return text;
  const out: ViewNode[] = [];
  let pos = 0;
  for (const { start, end, target } of targetRangesOf(text, targets)) {
    if (start > pos) out.push(text.slice(pos, start));
    out.push(el('span', { class: 'target', title: titles ? showTarget(target) : undefined }, text.slice(start, end)));
    pos = end;
  }
  if (pos < text.length) out.push(text.slice(pos));
  return out;
}
