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
// The interface to the handlers (quickstream/*, paymentsplus.ts) is small: `facility.<table>` is a Table (table.ts)
// with get / by / first / count / insert / replace / touch / values / newest / inOrder / oldest / shift and size;
// `nextId(facility)`; nothing else. During a write request, every row a handler reaches through get / by / first /
// insert / replace is journaled when the request ends (a handler that changes a row found by iterating `values()`
// calls `touch(row)`); `shift()` (expiry, retention) is journaled as a removal. The server runs each write through
// `Store.write` (server.ts, index.ts's control calls); handlers never call the store themselves.
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import type { ApiName } from "./spec.js";
import { Answers, Table, type Schema, type StoredResponse } from "./table.js";

export * from "./table.js";

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
    const refuse = (why: string): never => {
      throw new StateFileError(`${file} is not a sandbox state file: ${why}. Start with a new file, or remove it.`);
    };
    let n = 0;
    for (const { line, complete } of linesOf(file)) {
      n++;
      if (n === 1) {
        let header: unknown;
        try {
          header = JSON.parse(line);
        } catch {
          refuse("its first line is not JSON");
        }
        if ((header as any)?.version === 1) refuse("it was written by an earlier sandbox (version 1), whose state cannot be read now");
        if ((header as any)?.sandboxState !== 2) refuse('its first line is not {"sandboxState":2}');
        continue;
      }
      if (line === "") continue;
      let entry: any;
      try {
        entry = JSON.parse(line);
      } catch {
        // A line cut short by a crash is the last one, without its newline, and was never answered: dropped. A line
        // elsewhere that is not JSON: refused.
        if (!complete) {
          process.stderr.write(`[sandbox] ${file}: the last line was cut short (a crash while writing it); it was never answered, and is dropped\n`);
          break;
        }
        refuse(`line ${n} is not JSON`);
      }
      try {
        this.loadEntry(entry, n, refuse);
      } catch (error) {
        if (error instanceof StateFileError) throw error;
        refuse(`line ${n} holds a row of the wrong shape (${(error as Error).message})`);
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

/** The lines of a file, read in chunks (a state file may be larger than a string can be); `complete` is false for a
 *  last line without its newline. Lines are split on the newline byte, so a character split across chunks is whole. */
function* linesOf(file: string): Generator<{ line: string; complete: boolean }> {
  const fd = openSync(file, "r");
  try {
    const chunk = Buffer.alloc(4 * 1024 * 1024);
    let rest: Buffer[] = [];
    for (let read = readSync(fd, chunk); read > 0; read = readSync(fd, chunk)) {
      let start = 0;
      for (let end = chunk.indexOf(10, start); end !== -1 && end < read; end = chunk.indexOf(10, start)) {
        const piece = chunk.subarray(start, end);
        yield { line: (rest.length ? Buffer.concat([...rest, piece]) : piece).toString("utf8"), complete: true };
        rest = [];
        start = end + 1;
      }
      if (start < read) rest.push(Buffer.from(chunk.subarray(start, read)));
    }
    if (rest.length) yield { line: Buffer.concat(rest).toString("utf8"), complete: false };
  } finally {
    closeSync(fd);
  }
}

/** The next id of a facility: a prefix and a zero-padded counter (deterministic, so tests and docs can name them). */
export function nextId(facility: FacilityBase, prefix = "", width = 10): string {
  facility.seq += 1;
  return `${prefix}${String(facility.seq).padStart(width, "0")}`;
}
