// The sandbox's tables (state.ts keeps them per facility and journals their changes): a Map by id, the rows in the
// order they were made (lists page from either end without a scan), and indexes (rows by a key such as a customer id
// or a status, kept in creation order, so a list or search reads what it answers). Idempotency-Key answers of a
// facility: a Map and a time-ordered queue, so that expiry takes from the front.

/** A stored response for an Idempotency-Key: the first answer (its body as JSON text), returned again for 22 hours. */
export interface StoredResponse {
  at: number;
  status: number;
  headers: Record<string, string>;
  /** The body as JSON text, or undefined when there was none: a snapshot, so later changes do not alter a replay. */
  body?: string;
}

export const IDEMPOTENCY_TTL_MS = 22 * 60 * 60 * 1000;

/** How to key a table's rows: the id, and indexes (a row's key or keys, or undefined to leave it out of that index). */
export interface TableSpec<T = any> {
  id: (row: T) => string;
  indexes?: Record<string, (row: T) => string | undefined | (string | undefined)[]>;
}

type Keys = string[][];
const keysOf = (value: string | undefined | (string | undefined)[]): string[] =>
  Array.isArray(value) ? [...new Set(value.filter((k): k is string => typeof k === "string"))] : typeof value === "string" ? [value] : [];
export type Schema = Record<string, TableSpec>;

/** A read-only, newest-first view of some rows, for paging without copying them all. */
export interface Rows<T> {
  readonly length: number;
  at(i: number): T | undefined;
}

type Touch = (table: Table<any>, row: object) => void;
type Remove = (table: Table<any>, id: string) => void;

export class Table<T extends object> {
  private readonly byId = new Map<string, T>();
  /** Rows in creation order; removal (retention, expiry) only at the front, from `head`. */
  private order: (T | undefined)[] = [];
  private head = 0;
  private readonly position = new Map<T, number>();
  private readonly base = { offset: 0 };
  private readonly buckets: Record<string, Map<string, T[]>> = {};
  private readonly keysOf = new Map<T, Keys>();
  private readonly indexNames: string[];

  constructor(
    readonly name: string,
    readonly spec: TableSpec<T>,
    private readonly touched: Touch,
    private readonly removed: Remove = () => undefined,
  ) {
    this.indexNames = Object.keys(spec.indexes ?? {});
    for (const index of this.indexNames) this.buckets[index] = new Map();
  }

  get size(): number {
    return this.byId.size;
  }

  /** The row with this id (journaled if the request writes). */
  get(id: string): T | undefined {
    const row = this.byId.get(id);
    if (row) this.touched(this, row);
    return row;
  }

  /** Rows whose `index` key is `key`, oldest first (journaled if the request writes). Do not change the array. */
  by(index: string, key: string): readonly T[] {
    const rows = this.buckets[index]?.get(key) ?? [];
    for (const row of rows) this.touched(this, row);
    return rows;
  }

  /** How many rows have this index key (nothing journaled). */
  count(index: string, key: string): number {
    return this.buckets[index]?.get(key)?.length ?? 0;
  }

  /** The first row (oldest) with this index key that passes `test`. */
  first(index: string, key: string, test: (row: T) => boolean = () => true): T | undefined {
    const row = (this.buckets[index]?.get(key) ?? []).find(test);
    if (row) this.touched(this, row);
    return row;
  }

  insert(row: T): T {
    const id = this.spec.id(row);
    if (this.byId.has(id)) throw new Error(`${this.name}: a row with id ${id} already exists`);
    this.add(row);
    this.touched(this, row);
    return row;
  }

  /** Put `row` in the place of the row with the same id (its position in lists kept). */
  replace(old: T, row: T): T {
    const at = this.position.get(old);
    if (at === undefined) throw new Error(`${this.name}: replace of a row that is not stored`);
    this.unindex(old);
    this.byId.set(this.spec.id(row), row);
    this.order[at - this.base.offset] = row;
    this.position.delete(old);
    this.position.set(row, at);
    this.index(row);
    this.touched(this, row);
    return row;
  }

  /** Journal a row changed after iterating `values()`. */
  touch(row: T): void {
    this.touched(this, row);
  }

  /** Every row, oldest first (a scan: for control calls and searches that cannot use an index). */
  *values(): IterableIterator<T> {
    for (let i = this.head; i < this.order.length; i++) {
      const row = this.order[i];
      if (row) yield row;
    }
  }

  /** Rows newest first: every row, or those with an index key; O(1) to page through. */
  newest(index?: string, key?: string): Rows<T> {
    if (index !== undefined) {
      const rows = this.buckets[index]?.get(key ?? "") ?? [];
      return { length: rows.length, at: (i) => rows[rows.length - 1 - i] };
    }
    const order = this.order;
    const head = this.head;
    return { length: order.length - head, at: (i) => order[order.length - 1 - i]! };
  }

  /** Rows oldest first: every row, or those with an index key; O(1) to page through. */
  inOrder(index?: string, key?: string): Rows<T> {
    if (index !== undefined) {
      const rows = this.buckets[index]?.get(key ?? "") ?? [];
      return { length: rows.length, at: (i) => rows[i] };
    }
    const order = this.order;
    const head = this.head;
    return { length: order.length - head, at: (i) => order[head + i]! };
  }

  /** The oldest row, if any (not journaled). */
  oldest(): T | undefined {
    return this.order[this.head];
  }

  /** Remove the oldest row (retention, expiry; journaled as removed); returns it. */
  shift(): T | undefined {
    const row = this.order[this.head];
    if (!row) return undefined;
    this.order[this.head] = undefined;
    this.head++;
    this.removed(this, this.spec.id(row));
    this.byId.delete(this.spec.id(row));
    this.position.delete(row);
    this.unindex(row);
    if (this.head > 1024 && this.head * 2 > this.order.length) {
      this.order = this.order.slice(this.head);
      this.base.offset += this.head;
      this.head = 0;
    }
    return row;
  }

  /** After a write: move rows whose index keys changed to their new buckets. */
  reindex(row: T): void {
    if (this.indexNames.length === 0 || !this.position.has(row)) return;
    const old = this.keysOf.get(row) ?? [];
    const fresh = this.indexNames.map((name) => keysOf(this.spec.indexes![name](row)));
    if (fresh.every((keys, i) => keys.length === old[i]?.length && keys.every((k, j) => k === old[i][j]))) return;
    this.unindex(row);
    this.index(row);
  }

  /** Loading: put a row in (replacing one with the same id), no journaling. */
  load(row: T): void {
    const old = this.byId.get(this.spec.id(row));
    if (old) {
      const at = this.position.get(old)!;
      this.unindex(old);
      this.order[at - this.base.offset] = row;
      this.position.delete(old);
      this.position.set(row, at);
      this.byId.set(this.spec.id(row), row);
      this.index(row);
    } else this.add(row);
  }

  /** Loading: remove the row with this id. Only the oldest rows are ever removed, so this is a shift in practice. */
  unload(id: string): void {
    while (this.byId.has(id)) this.shift();
  }

  private add(row: T): void {
    this.byId.set(this.spec.id(row), row);
    this.position.set(row, this.order.length + this.base.offset);
    this.order.push(row);
    this.index(row);
  }

  private index(row: T): void {
    if (this.indexNames.length === 0) return;
    const at = this.position.get(row)!;
    const keys = this.indexNames.map((name) => keysOf(this.spec.indexes![name](row)));
    this.keysOf.set(row, keys);
    keys.forEach((list, i) => list.forEach((key) => {
      const buckets = this.buckets[this.indexNames[i]];
      let bucket = buckets.get(key);
      if (!bucket) buckets.set(key, (bucket = []));
      // Kept in creation order: a row whose key changes is put back where its position says (binary search).
      if (bucket.length === 0 || this.position.get(bucket[bucket.length - 1])! < at) bucket.push(row);
      else bucket.splice(this.searchIn(bucket, at), 0, row);
    }));
  }

  private unindex(row: T): void {
    const keys = this.keysOf.get(row);
    if (!keys) return;
    const at = this.position.get(row)!;
    keys.forEach((list, i) => list.forEach((key) => {
      const buckets = this.buckets[this.indexNames[i]];
      const bucket = buckets.get(key);
      if (!bucket) return;
      const where = bucket[0] === row ? 0 : this.searchIn(bucket, at);
      if (bucket[where] === row) bucket.splice(where, 1);
      if (bucket.length === 0) buckets.delete(key);
    }));
    this.keysOf.delete(row);
  }

  /** The index in `bucket` (sorted by position) of the first row at or after position `at`. */
  private searchIn(bucket: T[], at: number): number {
    let low = 0;
    let high = bucket.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.position.get(bucket[mid])! < at) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

/** Idempotency-Key answers of one facility: a Map (any key is an ordinary key, `__proto__` included) and a queue in
 *  the order they were stored, so that expiry takes from the front. */
export class Answers {
  readonly byKey = new Map<string, StoredResponse>();
  private queue: string[] = [];
  private head = 0;

  get(key: string, now: number): StoredResponse | undefined {
    this.expire(now);
    const stored = this.byKey.get(key);
    return stored && now - stored.at < IDEMPOTENCY_TTL_MS ? stored : undefined;
  }

  set(key: string, stored: StoredResponse): void {
    if (!this.byKey.has(key)) this.queue.push(key);
    this.byKey.set(key, stored);
  }

  get size(): number {
    return this.byKey.size;
  }

  /** Drop answers older than 22 hours, and the oldest beyond `cap`. Stops at the first live one: O(what expires). */
  expire(now: number, cap = Infinity): void {
    while (this.head < this.queue.length) {
      const key = this.queue[this.head];
      const stored = this.byKey.get(key);
      if (stored && now - stored.at < IDEMPOTENCY_TTL_MS && this.byKey.size <= cap) break;
      this.byKey.delete(key);
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }
}
