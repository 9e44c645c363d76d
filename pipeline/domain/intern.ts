/**
 * Shares one copy of each repeated string (city names, deadline phrases, officials'
 * names): parsed JSON gives every record its own copies, which at a million records
 * costs hundreds of megabytes.
 */
export class StringPool {
  private readonly pool = new Map<string, string>();

  intern(value: string): string {
    const known = this.pool.get(value);
    if (known !== undefined) return known;
    this.pool.set(value, value);
    return value;
  }

  internAll(values: readonly string[]): string[] {
    return values.map((v) => this.intern(v));
  }

  /** Shares the repeated words of targets (spans such as 5%以上, units, comparators, sources, indicators) in place. */
  internTargets<T extends { span: string; unit: string; comparator: string; indicator: string; source: string }>(targets: T[]): T[] {
    for (const t of targets) {
      t.span = this.intern(t.span);
      t.unit = this.intern(t.unit);
      t.comparator = this.intern(t.comparator) as T['comparator'];
      t.indicator = this.intern(t.indicator);
      t.source = this.intern(t.source) as T['source'];
    }
    return targets;
  }
}
