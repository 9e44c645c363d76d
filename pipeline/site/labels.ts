import type { Bump, CommitmentRecord } from '../schemas/release.ts';

/** Chinese labels with English field names, as the CHANGELOG uses them. */
export const BUMP_LABEL: Record<Bump, string> = {
  initial: '首次发布 initial',
  major: '主版本 major',
  minor: '次版本 minor',
  patch: '修订版本 patch',
};

export const FIELD_LABEL: Record<string, string> = {
  seq: '序号 seq',
  text: '承诺事项 text',
  deadline: '完成时间 deadline',
  due: '截止日期 due',
  ongoing: '长期坚持 ongoing',
  responsible: '责任人 responsible',
  year: '年份 year',
  city: '城市 city',
  cityCode: '城市代码 cityCode',
  citySlug: '城市标识 citySlug',
  complete: '完整性 complete',
  contact: '联系人 contact',
  source: '来源 source',
};

/** Fields derived from others (due, ongoing) or identifying the city: not shown as changes. */
export const HIDDEN_FIELDS: ReadonlySet<string> = new Set(['due', 'ongoing', 'citySlug', 'cityCode']);

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
