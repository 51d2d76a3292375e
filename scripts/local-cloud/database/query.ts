// Query, update, projection and aggregation semantics come from mingo. The few guards here only
// turn mingo's deviations from MongoDB (the service's engine) into the answers MongoDB gives;
// operators.ts replaces the operators where mingo answers otherwise.
import { update as mingoUpdate } from 'mingo';
import type { Options } from 'mingo/types/core';
import { DbError, dbErrors } from './errors';
import { MINGO_OPTIONS, mingoInternal } from './operators';
import { idKey } from './store';
import { cloneValue, Doc } from './wire';

// mingo's Query and Aggregator classes copy their whole operator context on every construction;
// their implementations take the engine's options as they are.
const { QueryImpl } = mingoInternal('query/_internal.js');
const { AggregatorImpl } = mingoInternal('aggregator/_internal.js');
const { Cursor } = mingoInternal('cursor.js');
const { ProcessingMode } = mingoInternal('core.js');

/** What a compiled query offers: a test of one document. */
export interface Matcher {
  test(doc: Doc): boolean;
}

export function compileQuery(criteria: AnyObject): Matcher {
  return guarded(() => new QueryImpl(criteria, MINGO_OPTIONS) as Matcher);
}

// Updates evaluate their conditions ($pull's, array filters) with the same operators.
const UPDATE_OPTIONS = { cloneMode: 'deep', queryOptions: MINGO_OPTIONS };

export interface FindOptions {
  order?: Record<string, 1 | -1>;
  offset?: number;
  limit?: number;
  projection?: Record<string, unknown>;
}

type AnyObject = Record<string, unknown>;

/** Runs mingo and reports its errors as the service reports a bad query. */
function guarded<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof DbError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    if (/operator/i.test(message)) throw new DbError('DATABASE_INVALID_OPERRATOR', message);
    throw dbErrors.requestFailed(message);
  }
}

export function find(docs: Doc[], criteria: AnyObject, opts: FindOptions = {}): Doc[] {
  return guarded(() => {
    const query = compileQuery(criteria);
    let cursor = new Cursor(docs, (doc: Doc) => query.test(doc), opts.projection ?? {}, MINGO_OPTIONS);
    if (opts.order && Object.keys(opts.order).length) cursor = cursor.sort(opts.order);
    if (opts.offset) cursor = cursor.skip(opts.offset);
    if (opts.limit !== undefined) cursor = cursor.limit(opts.limit);
    return cursor.all();
  });
}

/** The first `n` of `docs` (already in the order asked for) that match. */
export function firstMatches(docs: Iterable<Doc>, criteria: AnyObject, n: number): Doc[] {
  return guarded(() => {
    const query = compileQuery(criteria);
    const matched: Doc[] = [];
    for (const doc of docs) {
      if (matched.length >= n) break;
      if (query.test(doc)) matched.push(doc);
    }
    return matched;
  });
}

export function count(docs: Doc[], criteria: AnyObject): number {
  return guarded(() => {
    const query = compileQuery(criteria);
    return docs.reduce((n, doc) => (query.test(doc) ? n + 1 : n), 0);
  });
}

export function project(doc: Doc, projection?: AnyObject): Doc {
  if (!projection || !Object.keys(projection).length) return doc;
  return find([doc], {}, { projection })[0];
}

export function aggregate(docs: Doc[], pipeline: AnyObject[], resolve: (coll: string) => Doc[]): unknown[] {
  const options: Options = Object.freeze({ ...MINGO_OPTIONS, collectionResolver: resolve, processingMode: ProcessingMode.CLONE_INPUT });
  return guarded(() => new AggregatorImpl(pipeline, options).run(docs));
}

/**
 * Replacement for `set`: the new body keeps the document's _id. The body is the request's own,
 * freshly decoded, and stored documents are never changed in place, so it is not copied.
 */
export function replacement(id: unknown, data: AnyObject): Doc {
  const { _id: _ignored, ...rest } = data;
  return { _id: id, ...rest };
}

/** Applies an update document to a copy of `doc`; `modified` is MongoDB's nModified for it. */
export function applyUpdate(doc: Doc, data: AnyObject): { doc: Doc; modified: boolean } {
  const expr = asOperators(data);
  checkPathConflicts(expr);
  const next = copyForUpdate(doc, expr);
  let modified = false;
  guarded(() => {
    for (const [op, fields] of Object.entries(expr)) {
      const applicable = skipNoOps(op, next, checkOperands(op, fields));
      if (!Object.keys(applicable).length) continue;
      const changed = mingoUpdate(next, { [op]: applicable } as never, undefined, undefined, UPDATE_OPTIONS as never);
      if (changed.length) modified = true;
    }
  });
  if (idKey(next._id) !== idKey(doc._id)) {
    throw dbErrors.requestFailed("Performing an update on the path '_id' would modify the immutable field '_id'");
  }
  return { doc: next, modified };
}

/**
 * A copy of `doc` that mingo may change in place along the paths the update names: the
 * containers on each path are copied (copy-on-write), everything else is shared with the stored
 * document, which stays as it was. Positional paths (`$`, `$[]`, `$[id]`) copy the whole document.
 */
function copyForUpdate(doc: Doc, expr: Record<string, AnyObject>): Doc {
  const paths: string[] = [];
  for (const [op, fields] of Object.entries(expr)) {
    for (const [path, value] of Object.entries(fields)) {
      paths.push(path);
      if (op === '$rename' && typeof value === 'string') paths.push(value);
    }
  }
  if (paths.some((path) => path.includes('$'))) return cloneValue(doc);
  const root: AnyObject = { ...doc };
  for (const path of paths) {
    let parent: AnyObject | unknown[] = root;
    for (const part of path.split('.')) {
      if (Array.isArray(parent) && !/^\d+$/.test(part)) {
        // A field of an array's elements: the update may reach into every element.
        for (let i = 0; i < parent.length; i++) parent[i] = cloneValue(parent[i]);
        break;
      }
      const child = (parent as AnyObject)[part];
      if (child === null || typeof child !== 'object' || (child as { _bsontype?: unknown })._bsontype) break;
      const tag = Object.prototype.toString.call(child);
      const copy = Array.isArray(child) ? child.slice() : tag === '[object Object]' ? { ...child } : cloneValue(child);
      (parent as AnyObject)[part] = copy;
      if (tag !== '[object Object]' && !Array.isArray(child)) break; // a Date or RegExp: nothing below
      parent = copy as AnyObject | unknown[];
    }
  }
  return root as Doc;
}

function asOperators(data: AnyObject): Record<string, AnyObject> {
  const keys = Object.keys(data);
  const operators = keys.filter((k) => k.startsWith('$'));
  if (!operators.length) return { $set: data };
  if (operators.length !== keys.length) {
    throw dbErrors.requestFailed('Update document mixes operators and plain fields');
  }
  for (const op of operators) {
    const fields = data[op];
    if (!fields || typeof fields !== 'object' || Array.isArray(fields)) {
      throw dbErrors.requestFailed(`Modifiers operate on fields but ${op} was given a non-object`);
    }
  }
  return data as Record<string, AnyObject>;
}

// MongoDB refuses one update that touches a path and its parent (or the same path twice).
function checkPathConflicts(expr: Record<string, AnyObject>): void {
  const paths = Object.values(expr).flatMap((fields) => Object.keys(fields));
  for (let i = 0; i < paths.length; i++) {
    for (let j = i + 1; j < paths.length; j++) {
      const [a, b] = [paths[i], paths[j]];
      if (a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`)) {
        throw dbErrors.requestFailed(`Updating the path '${a}' would create a conflict at '${b}'`);
      }
    }
  }
}

// mingo concatenates strings for $inc; MongoDB refuses a non-numeric operand.
function checkOperands(op: string, fields: AnyObject): AnyObject {
  if (op === '$inc' || op === '$mul') {
    for (const [path, value] of Object.entries(fields)) {
      if (typeof value !== 'number') {
        throw dbErrors.requestFailed(`Cannot ${op === '$inc' ? 'increment' : 'multiply'} with non-numeric argument: {${path}: ${JSON.stringify(value)}}`);
      }
    }
  }
  return fields;
}

// On a missing field MongoDB treats $pull, $pullAll and $pop as no-ops; mingo throws.
function skipNoOps(op: string, doc: Doc, fields: AnyObject): AnyObject {
  if (op !== '$pull' && op !== '$pullAll' && op !== '$pop') return fields;
  const kept: AnyObject = {};
  for (const [path, value] of Object.entries(fields)) {
    if (valueAt(doc, path) !== undefined) kept[path] = value;
  }
  return kept;
}

function valueAt(doc: unknown, path: string): unknown {
  let current: unknown = doc;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as AnyObject)[part];
  }
  return current;
}
