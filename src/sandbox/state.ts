// The sandbox's state: per API, per facility (the code in the key), in tables kept in memory, and with `--state FILE`
// in an append-only journal (P116). Every change costs the same however much is stored:
//   - a table is a Map by id plus the rows in the order they were made (lists page from either end without a scan)
//     and optional indexes (rows by a key such as a customer id or a status, kept in creation order);
//   - a write request appends ONE line to the journal (the rows it reached, the facility's id counter and its
//     Idempotency-Key answer) before its answer is sent, so a crash (kill -9) loses nothing that was answered;
//   - Idempotency-Key answers expire from the front of a time-ordered queue (22 hours), not by a walk of them all.
// The journal is rewritten (compacted, atomically: temporary file and rename) at start, on stop, and when it has
// grown to more than twice the live rows, so the cost of compaction per write stays constant.
//
// The interface to the handlers (quickstream/*, paymentsplus.ts) is small: `facility.<table>` is a Table with
// get / by / first / insert / replace / touch / values / newest and size; `nextId(facility)`; nothing else. During a
// write request, every row a handler reaches through get / by / first / insert / replace is journaled when the request
// ends (a handler that changes a row found by iterating `values()` calls `touch(row)`).
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import type { ApiName } from "./spec.js";

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

export interface FacilityBase {
  /** Counter behind the ids the sandbox hands out. */
  seq: number;
  idempotency: Answers;
}

export type Facility<S extends Schema> = FacilityBase & { [K in keyof S]: Table<any> };

interface Pending {
  api: ApiName;
  code: string;
  facility: FacilityBase & Record<string, any>;
  rows: Map<Table<any>, Set<object>>;
  removed: [string, string][];
  answer?: [string, StoredResponse];
}

export interface StoreOptions {
  /** The journal file (`--state`); none: in memory only. */
  file?: string;
  /** Keep at most this many rows per table of a facility, and as many Idempotency-Key answers (oldest go first). */
  retain?: number;
  /** Each API's tables. */
  schemas: Record<ApiName, Schema>;
  /** The sandbox's clock (answers expire by it). */
  now?: () => Date;
}

const HEADER = { sandboxState: 2 };
/** State files this process has open (a second sandbox on the same file in this process is refused too). */
const held = new Set<string>();
const CHUNK = 500;

export class StateFileError extends Error {}

export class Store {
  private readonly facilities: Record<ApiName, Map<string, FacilityBase & Record<string, any>>> = { paymentsplus: new Map(), quickstream: new Map() };
  private fd: number | undefined;
  /** Journal lines written since the last compaction. */
  private lines = 0;
  /** The write request now running its handler (handlers are synchronous), whose reached rows are journaled. */
  private pending: Pending | undefined;
  readonly file: string | undefined;
  readonly retain: number;

  constructor(private readonly options: StoreOptions) {
    this.file = options.file;
    this.retain = options.retain ?? Infinity;
    if (!this.file) return;
    if (existsSync(this.file) && statSync(this.file).isDirectory()) throw new StateFileError(`--state ${this.file} is a folder; name a file`);
    this.lock();
    try {
      if (existsSync(this.file)) this.loadFile(this.file);
      // Refused at start, not at the first write: a folder that does not exist or cannot be written.
      this.compact();
    } catch (error) {
      this.unlock();
      throw error;
    }
  }

  /** One sandbox per state file: FILE.lock holds the owner's process id; a lock whose process is gone is taken over. */
  private lock(): void {
    const file = this.file!;
    const lock = `${file}.lock`;
    if (held.has(file)) throw new StateFileError(`${file} is in use by another sandbox in this process`);
    try {
      const owner = Number(readFileSync(lock, "utf8"));
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid) {
        let alive = true;
        try {
          process.kill(owner, 0);
        } catch (error) {
          alive = (error as NodeJS.ErrnoException).code === "EPERM";
        }
        if (alive) throw new StateFileError(`${file} is in use by another sandbox (process ${owner}); stop it, or name another file`);
      }
    } catch (error) {
      if (error instanceof StateFileError) throw error;
    }
    try {
      const fd = openSync(lock, "w");
      writeSync(fd, String(process.pid));
      closeSync(fd);
    } catch (error) {
      throw new StateFileError(`cannot write the state file ${file}: ${(error as Error).message}`);
    }
    held.add(file);
  }

  private unlock(): void {
    held.delete(this.file!);
    rmSync(`${this.file}.lock`, { force: true });
  }

  /** The facility's tables, made empty on first use. */
  facility<F extends FacilityBase>(api: ApiName, code: string): F {
    let facility = this.facilities[api].get(code);
    if (!facility) {
      facility = { seq: 0, idempotency: new Answers() };
      for (const [name, spec] of Object.entries(this.options.schemas[api])) {
        facility[name] = new Table(
          name,
          spec,
          (table, row) => this.reached(facility!, table, row),
          (table, id) => {
            const pending = this.pending;
            if (pending && pending.facility === facility) pending.removed.push([table.name, id]);
          },
        );
      }
      this.facilities[api].set(code, facility);
    }
    return facility as F;
  }

  /** Every facility of an API (control calls that move all of them). */
  all<F extends FacilityBase>(api: ApiName): [string, F][] {
    return [...this.facilities[api]] as [string, F][];
  }

  /** Forget a facility's state (journaled: a restart does not bring it back). */
  reset(api: ApiName, code: string): void {
    this.facilities[api].delete(code);
    this.append({ a: api, f: code, reset: true });
  }

  /**
   * Run a write: `work` runs synchronously; the rows it reaches, the facility's counter and `answer()` (the
   * Idempotency-Key answer, if any) are then journaled as one line before the caller answers. Returns work's result.
   */
  write<R>(api: ApiName, code: string, now: Date, work: () => R, answer?: (result: R) => [string, StoredResponse] | undefined): R {
    const facility = this.facility(api, code);
    const pending: Pending = { api, code, facility, rows: new Map(), removed: [] };
    const outer = this.pending;
    this.pending = pending;
    let result: R;
    try {
      result = work();
      // Retention: the oldest rows beyond the cap go (journaled as removed).
      for (const table of pending.rows.keys()) while (table.size > this.retain) table.shift();
    } finally {
      this.pending = outer;
    }
    const stored = answer?.(result);
    if (stored) {
      facility.idempotency.set(stored[0], stored[1]);
      pending.answer = stored;
    }
    this.commit(pending, now.getTime());
    return result;
  }

  private reached(facility: FacilityBase, table: Table<any>, row: object): void {
    const pending = this.pending;
    if (!pending || pending.facility !== facility) return;
    let rows = pending.rows.get(table);
    if (!rows) pending.rows.set(table, (rows = new Set()));
    rows.add(row);
  }

  private commit(pending: Pending, now: number): void {
    const { facility } = pending;
    const rows: [string, object][] = [];
    const removed = pending.removed;
    const gone = new Set(removed.map(([table, id]) => `${table}\u0000${id}`));
    for (const [table, set] of pending.rows) {
      for (const row of set) {
        if (gone.has(`${table.name}\u0000${table.spec.id(row)}`)) continue;
        table.reindex(row);
        rows.push([table.name, row]);
      }
    }
    facility.idempotency.expire(now, this.retain);
    if (rows.length === 0 && removed.length === 0 && !pending.answer) return;
    this.append({
      a: pending.api,
      f: pending.code,
      s: facility.seq,
      ...(rows.length ? { r: rows } : {}),
      ...(removed.length ? { d: removed } : {}),
      ...(pending.answer ? { i: pending.answer } : {}),
    });
  }

  private append(entry: object): void {
    if (this.fd === undefined) return;
    const line = `${JSON.stringify(entry)}\n`;
    const bytes = Buffer.from(line);
    let written = 0;
    while (written < bytes.length) written += writeSync(this.fd, bytes, written);
    this.lines++;
    if (this.lines > 10_000 && this.lines > 2 * this.rowCount()) this.compact();
  }

  private rowCount(): number {
    let n = 0;
    for (const api of ["paymentsplus", "quickstream"] as const) {
      for (const facility of this.facilities[api].values()) {
        for (const name of Object.keys(this.options.schemas[api])) n += (facility[name] as Table<any>).size;
        n += facility.idempotency.size;
      }
    }
    return n;
  }

  /** Rewrite the journal as the live state only: a temporary file, flushed, renamed over the old one. */
  compact(): void {
    if (!this.file) return;
    const temporary = `${this.file}.${process.pid}.tmp`;
    let fd: number;
    try {
      fd = openSync(temporary, "w");
    } catch (error) {
      throw new StateFileError(`cannot write the state file ${this.file}: ${(error as Error).message}`);
    }
    try {
      const write = (entry: object) => {
        const bytes = Buffer.from(`${JSON.stringify(entry)}\n`);
        let written = 0;
        while (written < bytes.length) written += writeSync(fd, bytes, written);
      };
      write(HEADER);
      const now = (this.options.now?.() ?? new Date()).getTime();
      for (const api of ["paymentsplus", "quickstream"] as const) {
        for (const [code, facility] of this.facilities[api]) {
          write({ a: api, f: code, s: facility.seq });
          for (const name of Object.keys(this.options.schemas[api])) {
            let chunk: [string, object][] = [];
            for (const row of (facility[name] as Table<any>).values()) {
              chunk.push([name, row]);
              if (chunk.length === CHUNK) {
                write({ a: api, f: code, s: facility.seq, r: chunk });
                chunk = [];
              }
            }
            if (chunk.length) write({ a: api, f: code, s: facility.seq, r: chunk });
          }
          facility.idempotency.expire(now, this.retain);
          for (const answer of facility.idempotency.byKey) write({ a: api, f: code, s: facility.seq, i: answer });
        }
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, this.file);
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = openSync(this.file, "a");
    this.lines = 0;
  }

  /** Stop: compact the journal and close it. Every change is in the journal already: if compaction fails (a full
   *  disk), the journal stays as it is and is read as it is at the next start. */
  close(): void {
    if (this.fd === undefined) return;
    try {
      this.compact();
    } catch (error) {
      process.stderr.write(`[sandbox] ${this.file}: not compacted (${(error as Error).message}); the journal holds every change\n`);
    }
    closeSync(this.fd);
    this.fd = undefined;
    this.unlock();
  }

  private loadFile(file: string): void {
    const text = readFileSync(file, "utf8");
    if (text.length === 0) return;
    const refuse = (why: string): never => {
      throw new StateFileError(`${file} is not a sandbox state file: ${why}. Start with a new file, or remove it.`);
    };
    const lines = text.split("\n");
    let header: unknown;
    try {
      header = JSON.parse(lines[0]);
    } catch {
      refuse("its first line is not JSON");
    }
    if ((header as any)?.version === 1) refuse("it was written by an earlier sandbox (version 1), whose state cannot be read now");
    if ((header as any)?.sandboxState !== 2) refuse('its first line is not {"sandboxState":2}');
    const last = lines.length - 1; // the text after the final newline: "" unless the last write was cut short
    for (let n = 1; n <= last; n++) {
      if (lines[n] === "") continue;
      let entry: any;
      try {
        entry = JSON.parse(lines[n]);
      } catch {
        // A line cut short by a crash is the last one and was never answered: dropped. One in the middle: refused.
        if (n === last) {
          process.stderr.write(`[sandbox] ${file}: the last line was cut short (a crash while writing it); it was never answered, and is dropped\n`);
          break;
        }
        refuse(`line ${n + 1} is not JSON`);
      }
      try {
        this.loadEntry(entry, n + 1, refuse);
      } catch (error) {
        if (error instanceof StateFileError) throw error;
        refuse(`line ${n + 1} holds a row of the wrong shape (${(error as Error).message})`);
      }
    }
  }

  private loadEntry(entry: any, line: number, refuse: (why: string) => never): void {
    const where = `line ${line}`;
    if (entry === null || typeof entry !== "object" || Array.isArray(entry)) refuse(`${where} is not an object`);
    const api = entry.a as ApiName;
    if (api !== "paymentsplus" && api !== "quickstream") refuse(`${where} names no API ("a")`);
    if (typeof entry.f !== "string" || !/^[A-Z0-9]+$/.test(entry.f)) refuse(`${where} names no facility ("f")`);
    if (entry.reset === true) {
      this.facilities[api].delete(entry.f);
      return;
    }
    if (!Number.isSafeInteger(entry.s) || entry.s < 0) refuse(`${where} has no id counter ("s")`);
    const facility = this.facility(api, entry.f) as FacilityBase & Record<string, any>;
    facility.seq = Math.max(facility.seq, entry.s);
    const schema = this.options.schemas[api];
    if ((entry.r !== undefined && !Array.isArray(entry.r)) || (entry.d !== undefined && !Array.isArray(entry.d))) refuse(`${where} has rows that are not a list`);
    for (const pair of entry.r ?? []) {
      if (!Array.isArray(pair) || !Object.hasOwn(schema, pair[0]) || pair[1] === null || typeof pair[1] !== "object" || Array.isArray(pair[1])) {
        refuse(`${where} holds a row of no known table`);
      }
      const table = facility[pair[0]] as Table<any>;
      let id: unknown;
      try {
        id = table.spec.id(pair[1]);
      } catch {
        id = undefined;
      }
      if (typeof id !== "string") refuse(`${where} holds a ${pair[0]} row without its id`);
      table.load(pair[1]);
    }
    for (const pair of entry.d ?? []) {
      if (!Array.isArray(pair) || !Object.hasOwn(schema, pair[0]) || typeof pair[1] !== "string") refuse(`${where} removes a row of no known table`);
      (facility[pair[0]] as Table<any>).unload(pair[1]);
    }
    if (entry.i !== undefined) {
      const [key, stored] = Array.isArray(entry.i) ? entry.i : [];
      const valid =
        typeof key === "string" &&
        stored !== null &&
        typeof stored === "object" &&
        Number.isFinite(stored.at) &&
        Number.isInteger(stored.status) &&
        (stored.body === undefined || typeof stored.body === "string") &&
        stored.headers !== null &&
        typeof stored.headers === "object";
      if (!valid) refuse(`${where} holds an Idempotency-Key answer of the wrong shape`);
      facility.idempotency.set(key, stored);
    }
  }
}

/** The next id of a facility: a prefix and a zero-padded counter (deterministic, so tests and docs can name them). */
export function nextId(facility: FacilityBase, prefix = "", width = 10): string {
  facility.seq += 1;
  return `${prefix}${String(facility.seq).padStart(width, "0")}`;
}
