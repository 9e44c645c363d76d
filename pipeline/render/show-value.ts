import type { DeadlineSummary, Effect } from '../promises/effects.ts';
import type { SeedTarget } from '../promises/target.ts';
import { EFFECT_LABEL } from '../schemas/fields.ts';

/** A field value the way people read it in a changelog or on the site (Chinese labels). */
export function showValue(value: unknown): string {
  if (value === null || value === undefined) return '（无）';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (Array.isArray(value)) return value.map(String).join('、');
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if ('name' in v && 'phone' in v) return `${String(v.name)} ${String(v.phone)}`;
    if ('title' in v) return `${String(v.title)}（${String(v.publisher ?? '')}）`;
    return JSON.stringify(value);
  }
  return String(value);
}

/** A target as the machine read it: 全市地区生产总值增长：5.5%以上（>= 5.5 %）. */
export function showTarget(t: SeedTarget): string {
  return `${t.indicator || '（无指标名）'}：${t.span}（${t.comparator} ${String(t.value)}${t.unit ? ` ${t.unit}` : ''}）`;
}

function showDeadline(d: DeadlineSummary): string {
  return `${d.deadline}${d.due ? `（${d.due}）` : '（无日期）'}`;
}

/**
 * What a change did to a promise, in one line: 表述弱化：全市地区生产总值增长 5.5%以上 → 5%左右
 * (a terminal gets the kind and an ASCII colon: comparator-weakened: …).
 */
export function showEffect(e: Effect, plain = false): string {
  const label = plain ? `${e.kind}: ` : `${EFFECT_LABEL[e.kind].zh}：`;
  if (e.kind.startsWith('deadline-')) {
    return `${label}${showDeadline(e.before as DeadlineSummary)} → ${showDeadline(e.after as DeadlineSummary)}`;
  }
  const before = e.before as SeedTarget | null;
  const after = e.after as SeedTarget | null;
  const indicator = (after ?? before)?.indicator ?? '';
  const sides = before && after ? `${before.span} → ${after.span}` : (before ?? after)!.span;
  return `${label}${indicator ? `${indicator} ` : ''}${sides}`;
}

/** A target for a terminal: 全市地区生产总值增长 >= 5.5 % [5.5%以上]. */
export function showTargetPlain(t: SeedTarget): string {
  return `${t.indicator || '-'} ${t.comparator} ${String(t.value)}${t.unit ? ` ${t.unit}` : ''} [${t.span}]`;
}
