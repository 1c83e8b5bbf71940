// The sandbox's state: per API, per facility (the code in the key), plain JSON so that it can be kept in a file.
// In memory by default; with a state file it is loaded at start and rewritten after every change, atomically (a
// temporary file in the same folder, then a rename), so the file is never half-written.
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import type { ApiName } from "./spec.js";

/** A stored response for an Idempotency-Key: the first answer, returned again for 22 hours. */
export interface StoredResponse {
  at: number;
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export interface FacilityBase {
  /** Counter behind the ids the sandbox hands out. */
  seq: number;
  idempotency: Record<string, StoredResponse>;
}

export interface StateFile {
  version: 1;
  facilities: Record<ApiName, Record<string, FacilityBase & Record<string, any>>>;
}

export class Store {
  data: StateFile = { version: 1, facilities: { paymentsplus: {}, quickstream: {} } };

  constructor(readonly file?: string) {
    if (file && existsSync(file)) {
      const loaded = JSON.parse(readFileSync(file, "utf8"));
      if (loaded?.version !== 1 || typeof loaded.facilities !== "object") {
        throw new Error(`${file} is not a sandbox state file (version 1)`);
      }
      this.data = loaded;
      this.data.facilities.paymentsplus ??= {};
      this.data.facilities.quickstream ??= {};
    }
  }

  facility<T extends FacilityBase>(api: ApiName, code: string, empty: () => Omit<T, keyof FacilityBase>): T {
    const all = this.data.facilities[api];
    all[code] ??= { seq: 0, idempotency: {}, ...empty() };
    return all[code] as T;
  }

  /** Write the state file (when there is one): temporary file, then rename over the old one. */
  save(): void {
    if (!this.file) return;
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.data));
    renameSync(temporary, this.file);
  }
}

/** The next id of a facility: a prefix and a zero-padded counter (deterministic, so tests and docs can name them). */
export function nextId(facility: FacilityBase, prefix = "", width = 10): string {
  facility.seq += 1;
  return `${prefix}${String(facility.seq).padStart(width, "0")}`;
}
