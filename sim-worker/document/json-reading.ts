/** Reading untrusted JSON (a network or a lesson file) and saying what was found, for validation messages. */

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Own fields only: a file cannot reach into Object.prototype. */
export function own(object: JsonObject, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/** A found value in a few words, for messages. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return String(value);
}

export function expected(field: string, what: string, found: unknown): string {
  return found === undefined ? `${field} is missing: it should be ${what}` : `${field} should be ${what}, not ${describe(found)}`;
}
