// Hand-written readers for big vendor lists: what a zod schema checks, at a fraction of the cost.
// Measured on this machine: zod 4 took 11-40 ms to validate 10,000 agent rows (the whole tick's budget is
// 25 ms); these readers take about 1 ms. A failure names the field, e.g. `data[3].call_state`, and the path
// string is built only on failure.

/** A vendor field that is missing or of the wrong type/value. */
export class FieldError extends Error {
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field} ${problem}`);
    this.name = 'FieldError';
  }
}

export type JsonObject = Record<string, unknown>;

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function describe(v: unknown): string {
  return typeof v === 'string' ? `"${v.length > 40 ? `${v.slice(0, 40)}...` : v}"` : typeName(v);
}

/** Where a field of row `index` of list `list` sits, e.g. field('data', 3, 'call_state') = 'data[3].call_state'. */
export function field(list: string, index: number, key: string): string {
  return `${list}[${index}].${key}`;
}

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function expectObject(v: unknown, at: string): JsonObject {
  if (isObject(v)) return v;
  throw new FieldError(at, `should be an object, not ${typeName(v)}`);
}

/** `body[key]` as an array; `body` itself must be an object. */
export function expectList(body: unknown, key: string): unknown[] {
  const obj = expectObject(body, '(body)');
  const v = obj[key];
  if (Array.isArray(v)) return v;
  throw new FieldError(key, v === undefined ? 'is missing' : `should be a list, not ${typeName(v)}`);
}

/** A required string field (may be empty). */
export function str(row: JsonObject, key: string, list: string, index: number): string {
  const v = row[key];
  if (typeof v === 'string') return v;
  throw new FieldError(field(list, index, key), v === undefined ? 'is missing' : `should be text, not ${typeName(v)}`);
}

/** A required, non-empty string field. */
export function nonEmpty(row: JsonObject, key: string, list: string, index: number): string {
  const v = str(row, key, list, index);
  if (v !== '') return v;
  throw new FieldError(field(list, index, key), 'is empty');
}

/** An optional string field: missing or null read as ''. */
export function optStr(row: JsonObject, key: string, list: string, index: number): string {
  const v = row[key];
  if (typeof v === 'string') return v;
  if (v === undefined || v === null) return '';
  throw new FieldError(field(list, index, key), `should be text, not ${typeName(v)}`);
}

/** A string field that must be one of `values`. */
export function oneOf<T extends string>(row: JsonObject, key: string, values: readonly T[], list: string, index: number): T {
  const v = row[key];
  if (typeof v === 'string' && (values as readonly string[]).includes(v)) return v as T;
  throw new FieldError(
    field(list, index, key),
    v === undefined ? 'is missing' : `is ${describe(v)}, expected one of ${values.join(', ')}`,
  );
}

/** A time field read by `parse` (null from parse = invalid). */
export function time(row: JsonObject, key: string, parse: (text: string) => number | null, list: string, index: number): number {
  const text = str(row, key, list, index);
  const t = parse(text);
  if (t !== null) return t;
  throw new FieldError(field(list, index, key), `is ${describe(text)}, not a time`);
}
