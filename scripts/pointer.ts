// JSON pointers into an OpenAPI document, and following its local `$ref`s. One copy for every script and test.

/** Escape one path segment for a JSON pointer ('~' → '~0', '/' → '~1'). */
export const escapeToken = (s: string): string => s.replace(/~/g, "~0").replace(/\//g, "~1");
export const unescapeToken = (s: string): string => s.replace(/~1/g, "/").replace(/~0/g, "~");

/** The node at a local pointer such as `#/components/schemas/Money` (undefined when there is none). */
export function resolvePointer(doc: unknown, pointer: string): any {
  return pointer
    .replace(/^#\/?/, "")
    .split("/")
    .filter((p) => p !== "")
    .map(unescapeToken)
    .reduce((node: any, key) => node?.[key], doc);
}

/** Follow local `$ref`s until a node that is not a reference. */
export function deref<T = any>(doc: unknown, node: any): T {
  while (node && typeof node.$ref === "string" && node.$ref.startsWith("#")) node = resolvePointer(doc, node.$ref);
  return node as T;
}

/** Like `deref`, also returning the pointer of the node reached (`pointer` itself when `node` is no reference). */
export function derefWithPointer(doc: unknown, node: any, pointer: string): [any, string] {
  while (node && typeof node.$ref === "string" && node.$ref.startsWith("#")) {
    pointer = node.$ref;
    node = resolvePointer(doc, pointer);
  }
  return [node, pointer];
}
