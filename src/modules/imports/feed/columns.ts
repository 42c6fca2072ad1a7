/**
 * A feed header read as fields: which column holds each field (the first one named by an alias),
 * and which columns are kept as attributes. Both formats' mappers read their values through it.
 */
import { LIMITS, type RowCheck } from './row-check';

export class FeedColumns<F extends string> {
  private readonly indexes = new Map<F, number>();
  /** Column indexes not mapped to a field: kept as attributes. */
  readonly extra: number[] = [];

  /** `fieldOf` names a header's field; columns it doesn't map are attributes unless `dropped`. */
  constructor(
    readonly header: string[],
    fieldOf: (name: string) => F | undefined,
    dropped: (name: string) => boolean = () => false,
  ) {
    header.forEach((name, index) => {
      const field = fieldOf(name);
      if (field && !this.indexes.has(field)) this.indexes.set(field, index);
      else if (!dropped(name)) this.extra.push(index);
    });
  }

  has(field: F): boolean {
    return this.indexes.has(field);
  }

  indexOf(field: F): number | undefined {
    return this.indexes.get(field);
  }

  /** The field's value in a record, trimmed; '' when the header has no such column. */
  value(fields: string[], field: F): string {
    const index = this.indexes.get(field);
    return index === undefined ? '' : (fields[index] ?? '').trim();
  }

  /** The field's column as the header writes it (for messages), or the field's own name. */
  name(field: F): string {
    return this.header[this.indexes.get(field) ?? -1] ?? field;
  }

  /** The record's non-empty values of the attribute columns, by header name (each within its length limit). */
  attributes(check: RowCheck, fields: string[]): Record<string, string> {
    const attributes: Record<string, string> = {};
    for (const index of this.extra) {
      const value = (fields[index] ?? '').trim();
      const key = (this.header[index] ?? '').trim();
      if (!value || !key) continue;
      if (check.length(key, value, LIMITS.attributeValue) !== null) attributes[key] = value;
    }
    return attributes;
  }
}
