// Hand-written checks for big vendor lists: what a zod schema checks, at a fraction of the cost.
// Measured here: zod 4 took 11-40 ms to validate 10,000 agent rows (the whole tick's budget is 25 ms).
// Callers read fields by name (row.status, not row[key]: one hidden class per list keeps V8's property
// access monomorphic) and pass the value here with its list, row index and key, so a failure names the
// field, e.g. `data[3].call_state`, and the path string is built only on failure.
import { redact } from './redact';

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

export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
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

/** A required string (may be empty). */
export function str(v: unknown, list: string, index: number, key: string): string {
  if (typeof v === 'string') return v;
  throw new FieldError(field(list, index, key), v === undefined ? 'is missing' : `should be text, not ${typeName(v)}`);
}

/** A required, non-empty string. */
export function nonEmpty(v: unknown, list: string, index: number, key: string): string {
  if (typeof v === 'string' && v !== '') return v;
  throw new FieldError(field(list, index, key), v === '' ? 'is empty' : v === undefined ? 'is missing' : `should be text, not ${typeName(v)}`);
}

/** An optional string: missing or null read as ''. */
export function optStr(v: unknown, list: string, index: number, key: string): string {
  if (typeof v === 'string') return v;
  if (v === undefined || v === null) return '';
  throw new FieldError(field(list, index, key), `should be text, not ${typeName(v)}`);
}

/** A value that is not one of the documented ones. */
export function unexpected(value: string, expected: string, list: string, index: number, key: string): FieldError {
  const clean = redact(value); // before the cut (see redact.ts)
  const shown = clean.length > 40 ? `${clean.slice(0, 40)}...` : clean;
  return new FieldError(field(list, index, key), `is "${shown}", expected ${expected}`);
}
