/**
 * How one top-level key of a config file is read: a reader takes the raw JSON value and gives
 * the value to apply (or none) plus the problems in words, with the dotted key they concern.
 * Two shapes: a valibot schema, all or nothing for the key; and a list of equals, where a wrong
 * entry is dropped and named and the others apply.
 */
import * as v from 'valibot';

/** A problem inside one key: `key` is the dotted path from the top-level key down. */
export interface KeyProblem {
  key: string;
  message: string;
}

/** `value` undefined: the key is ignored (its problems say why). */
export interface KeyRead<T> {
  value: T | undefined;
  problems: KeyProblem[];
}

export interface ReadContext {
  /** The folder of the file being read: relative CA certificate paths start there. */
  configDir: string;
}

export type KeyReader<T> = (value: unknown, key: string, context: ReadContext) => KeyRead<T>;

/** More entries than any real deployment needs: a runaway list is refused. */
export const MAX_LIST = 256;

/** A valibot schema as a key reader: all or nothing for this key. */
export function fromSchema<T>(schema: v.GenericSchema<unknown, T>): KeyReader<T> {
  return (value, key) => {
    const result = v.safeParse(schema, value);
    if (result.success) return { value: result.output, problems: [] };
    return { value: undefined, problems: result.issues.map((issue) => toProblem(key, issue)) };
  };
}

/** A list whose entries stand alone: a wrong entry is dropped and named, the rest applies. */
export function listOf<T>(
  readEntry: (
    entry: unknown,
    context: ReadContext,
  ) => { ok: true; value: T[] } | { ok: false; reason: string },
  options: { nonEmpty: boolean },
): KeyReader<T[]> {
  return (value, key, context) => {
    if (!Array.isArray(value)) {
      return {
        value: undefined,
        problems: [{ key, message: `expected a list, got ${kind(value)}; "${key}" is ignored` }],
      };
    }
    if (value.length > MAX_LIST) {
      return {
        value: undefined,
        problems: [{ key, message: `more than ${MAX_LIST} entries; "${key}" is ignored` }],
      };
    }
    const problems: KeyProblem[] = [];
    const values: T[] = [];
    value.forEach((entry, index) => {
      const read = readEntry(entry, context);
      if (read.ok) {
        for (const item of read.value) if (!values.includes(item)) values.push(item);
      } else {
        problems.push({ key: `${key}[${index}]`, message: `${read.reason}; entry ignored` });
      }
    });
    if (options.nonEmpty && values.length === 0) {
      problems.push({ key, message: `no usable entry; "${key}" is ignored` });
      return { value: undefined, problems };
    }
    return { value: values, problems };
  };
}

/** valibot's issue in the words of a config problem: which key, what is wrong with it. */
function toProblem(key: string, issue: v.BaseIssue<unknown>): KeyProblem {
  const path = v.getDotPath(issue);
  const where = path ? `${key}.${path}` : key;
  if (issue.type === 'strict_object' && issue.expected === 'never') {
    return { key: where, message: `unknown key; the whole "${key}" is ignored` };
  }
  if (issue.type === 'strict_object' && issue.received === 'undefined') {
    return { key: where, message: `missing; "${key}" is ignored` };
  }
  if (issue.kind === 'schema' && issue.received === 'undefined') {
    return { key: where, message: `missing (expected ${issue.expected}); "${key}" is ignored` };
  }
  if (issue.kind === 'schema') {
    return {
      key: where,
      message: `expected ${issue.expected}, got ${issue.received}; "${key}" is ignored`,
    };
  }
  return { key: where, message: `${issue.message}; "${key}" is ignored` };
}

export function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${show(value)}`;
}

export function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
