// Redocly plugin "project": the assertion project/xRetry, which rule/operation-x-retry in redocly.yaml uses.

const BOOLEANS = ["afterNoAnswer", "after429Or503", "after502Or504"];
const CONFLICT = ["processed", "error"];

/**
 * An operation's `x-retry` (project decision P26): when the clients may resend it, and what a 409 answering a
 * resend means. Returns the problems, as Redocly's assertions do.
 */
export function xRetryProblems(value) {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return ["x-retry must be an object"];
  const problems = [];
  for (const name of BOOLEANS) if (typeof value[name] !== "boolean") problems.push(`x-retry.${name} must be true or false`);
  if (!CONFLICT.includes(value.conflictOnResend)) problems.push(`x-retry.conflictOnResend must be one of: ${CONFLICT.join(", ")}`);
  if (value.hint !== undefined && (typeof value.hint !== "string" || value.hint.length < 3)) problems.push("x-retry.hint must be a sentence");
  for (const name of Object.keys(value)) {
    if (![...BOOLEANS, "conflictOnResend", "hint"].includes(name)) problems.push(`x-retry.${name} is not a known field`);
  }
  return problems;
}

export default function projectPlugin() {
  return {
    id: "project",
    assertions: {
      // Undefined is left to the rule's `defined: true`.
      xRetry: (value, _options, { baseLocation }) =>
        value === undefined ? [] : xRetryProblems(value).map((message) => ({ message, location: baseLocation })),
    },
  };
}
