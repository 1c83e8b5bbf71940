// What every TypeScript flow program uses besides its generated client (test/downstream/flows.ts says what a flow
// is): its settings from the environment, a check that stops the flow, and the `STEP <name> ok` line. Copied beside
// each flow into the user's project by flow-typescript.test.ts.
export const env = (name: string) => process.env[name] ?? fail(`${name} is not set`);
export function fail(message: string): never {
  throw new Error(message);
}
export function check(condition: unknown, message: string): asserts condition {
  if (!condition) fail(message);
}
export const step = (name: string) => console.log(`STEP ${name} ok`);
