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
