import type { Comparator } from '../promises/target.ts';
import type { CommitmentRecord } from '../schemas/release.ts';

/** How a deadline reads, for filtering: derived from the published `ongoing` and `due`. */
export type DeadlineKind = 'ongoing' | 'ongoing-due' | 'due' | 'other';

export const DEADLINE_KIND_LABEL: Record<DeadlineKind, string> = {
  ongoing: '长期坚持',
  'ongoing-due': '长期坚持并限期见效',
  due: '限期完成',
  other: '其他',
};

export function deadlineKindOf(record: Pick<CommitmentRecord, 'ongoing' | 'due'>): DeadlineKind {
  if (record.ongoing) return record.due ? 'ongoing-due' : 'ongoing';
  return record.due ? 'due' : 'other';
}

/** A target's comparator as the site names it: the sign and the words it stands for. */
export const COMPARATOR_LABEL: Readonly<Record<Comparator, string>> = {
  '>=': '≥ 不低于',
  '>': '> 超过',
  '~': '≈ 左右',
  '<=': '≤ 不超过',
  '<': '< 低于',
  '=': '= 达到',
};

/** YYYY-MM-DD (UTC) of an ISO date-time, or null. */
export function dateOf(iso: string | null): string | null {
  const m = iso ? /^(\d{4}-\d{2}-\d{2})/.exec(iso) : null;
  return m ? m[1]! : null;
}

/** File size for people, without locale-dependent formatting (the output must be deterministic). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** The first `max` characters (code points) of a text, with … when cut. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max).join('')}…`;
}
