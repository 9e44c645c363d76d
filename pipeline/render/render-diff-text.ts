import type { Dataset } from '../domain/dataset.ts';
import type { DatasetDiff } from '../diff/diff-datasets.ts';
import type { Change, CommitmentRecord, DiffOp, FieldChange } from '../schemas/release.ts';
import { showEffect, showTargetPlain } from './show-value.ts';

/** A character diff in wdiff style: [-deleted-]{+inserted+}. */
export function renderDiffInline(ops: readonly DiffOp[]): string {
  return ops.map(([op, t]) => (op === '=' ? t : op === '-' ? `[-${t}-]` : `{+${t}+}`)).join('');
}

function value(v: unknown): string {
  if (Array.isArray(v)) return v.join('、');
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function field(name: string, f: FieldChange): string {
  if (f.diff) return `${name}: ${renderDiffInline(f.diff)}`;
  if (f.added || f.removed) {
    return `${name}: ${[...(f.added ?? []).map((n) => `+${n}`), ...(f.removed ?? []).map((n) => `-${n}`)].join(' ') || 'reordered'} (${value(f.before)} → ${value(f.after)})`;
  }
  return `${name}: ${value(f.before)} → ${value(f.after)}`;
}

const brief = (r: CommitmentRecord): string => `${r.id} #${r.seq} ${r.text.length > 40 ? `${r.text.slice(0, 40)}…` : r.text}`;

/**
 * The diff for a terminal: the weakened promises first, then one change per line, grouped
 * by year and city: `+` added, `-` withdrawn, `~` modified (with its fields, what it did to
 * the promise — `!` weakening — and the targets read, indented below).
 */
export function renderDiffText(diff: DatasetDiff, after: Pick<Dataset, 'records'>, heading: string): string {
  const afterById = new Map(after.records.map((r) => [r.id, r]));
  const lines = [heading];
  // First what got weaker: each weakened commitment and its weakening effects.
  const weakened = diff.changes.flatMap((c) => (c.scope === 'commitment' && c.type === 'modified' && c.weakened ? [c] : []));
  if (weakened.length > 0) {
    lines.push('', `weakened promises (${weakened.length}):`);
    for (const c of weakened) for (const e of (c.effects ?? []).filter((x) => x.weakens)) lines.push(`  ! ${c.id} ${showEffect(e, true)}`);
  }
  const targetsOf = (r: CommitmentRecord): string => `targets: ${(r.targets ?? []).map(showTargetPlain).join('; ') || '(none)'}`;
  let group = '';
  const enter = (year: number, city: string): void => {
    const g = `${year} ${city}`;
    if (g !== group) lines.push('', g);
    group = g;
  };
  for (const c of diff.changes as Change[]) {
    if (c.scope === 'city') {
      enter(c.year, c.city);
      if (c.type === 'added') lines.push(`  + city ${c.city}: ${c.after.commitments} commitments`);
      else if (c.type === 'removed') lines.push(`  - city ${c.city}`);
      else for (const [name, f] of Object.entries(c.fields)) lines.push(`  ~ city ${field(name, f)}`);
      continue;
    }
    const rec = c.type === 'added' ? c.after : c.type === 'removed' ? c.before : afterById.get(c.id)!;
    enter(rec.year, rec.city);
    if (c.type === 'added') lines.push(`  + ${brief(c.after)}`, `      ${targetsOf(c.after)}`);
    else if (c.type === 'removed') lines.push(`  - ${brief(c.before)}`);
    else {
      lines.push(`  ~ ${c.id} #${rec.seq} (matched by ${c.matchedBy})`);
      for (const [name, f] of Object.entries(c.fields)) if (name !== 'targets') lines.push(`      ${field(name, f)}`);
      for (const e of c.effects ?? []) lines.push(`      ${e.weakens ? '!' : '·'} ${showEffect(e, true)}`);
      // What the machine read from a reworded text, for a reviewer to check.
      if (c.fields.text || c.fields.targets) lines.push(`      ${targetsOf(rec)}`);
    }
  }
  lines.push('', `summary: ${diff.summary.added} added, ${diff.summary.removed} withdrawn, ${diff.summary.modified - diff.summary.renumbered} modified, ${diff.summary.renumbered} only renumbered, ${diff.summary.weakened} weakened, ${diff.changes.filter((c) => c.scope === 'city').length} city change(s)`);
  return `${lines.join('\n')}\n`;
}
