// The docs page's view of a bundle: what Redoc needs to show every request variant a reader can pick. Only the copy
// the docs are built from is changed; the published bundles are not.
//
// Redoc renders the branch of a `oneOf` that the reader picks, but not a `oneOf` inside that branch: with PAYMENT
// picked in `POST /transactions` it showed `transactionType` alone, because PAYMENT is itself a choice between a card
// or bank account payment and a PayTo payment. Here every such nested choice is lifted into its parent, one entry per
// leaf, each entry being the branch's own fields plus the leaf's (`allOf`), titled with the discriminator value and
// the leaf's name ("PAYMENT: card or bank account payment"). The parent's discriminator is dropped in the view,
// because one value (PAYMENT) now names several entries; the titles carry the values instead.
//
// Redoc also shows a rule such as "accountNumber or iban, at least one" (`allOf: [{anyOf: [{required: [a]},
// {required: [b]}]}]`) as a choice with no fields, hiding the variant's own fields. Such a member only constrains
// fields the schema already declares, and the schema's description states the rule in words: the view leaves it out.

type Schema = Record<string, any>;
const REF = "#/components/schemas/";

/** "CardOrBankAccountPaymentTransactionRequest" -> "card or bank account payment". */
export function readableName(name: string): string {
  const words = name
    .replace(/(Transaction)?Request$/, "")
    .replace(/PayTo/g, "Payto")
    .split(/(?<=[a-z0-9])(?=[A-Z])/)
    .map((w) => (w === "Payto" ? "PayTo" : /^[A-Z]{2,}/.test(w) ? w : w.toLowerCase()));
  return words.join(" ").trim();
}

/** Lift nested `oneOf`s into their parents, everywhere in `doc` (changed in place; returned for chaining). */
export function liftNestedChoices(doc: Schema): Schema {
  const schemas: Record<string, Schema> = doc.components?.schemas ?? {};
  const nameOf = (s: Schema) => (typeof s.$ref === "string" && s.$ref.startsWith(REF) ? s.$ref.slice(REF.length) : undefined);
  const targetOf = (s: Schema) => (nameOf(s) ? schemas[nameOf(s)!] : s);
  const hasChoice = (s: Schema) => Array.isArray(targetOf(s)?.oneOf);

  /** The discriminator value that maps to `branch` in `parent`, if any. */
  const valueOf = (parent: Schema, branch: Schema) => {
    const mapping: Record<string, string> = parent.discriminator?.mapping ?? {};
    return Object.keys(mapping).find((value) => mapping[value] === branch.$ref);
  };

  /** The entries `branch` stands for: itself, or its own choices (recursively), each with the branch's fields. */
  const entries = (branch: Schema, label: string): Schema[] => {
    const target = targetOf(branch);
    if (!Array.isArray(target?.oneOf)) return [{ ...(branch.$ref ? { allOf: [branch] } : branch), title: label }];
    const { oneOf, discriminator: _discriminator, title: _title, ...fields } = target;
    return (oneOf as Schema[]).flatMap((leaf) => {
      const leafLabel = valueOf(target, leaf) ?? (nameOf(leaf) ? readableName(nameOf(leaf)!) : leaf.title ?? "other");
      return entries(leaf, `${label}: ${leafLabel}`).map((entry) => ({ ...entry, allOf: [fields, ...(entry.allOf ?? [])] }));
    });
  };

  /** An `allOf` member that only requires fields `owner` declares, through `anyOf`/`oneOf` (a rule, not a choice). */
  const isRuleOnly = (member: Schema, owner: Schema) => {
    const branches: Schema[] | undefined = member.anyOf ?? member.oneOf;
    if (!branches || Object.keys(member).some((k) => !["anyOf", "oneOf", "description"].includes(k))) return false;
    const declared = new Set(Object.keys(owner.properties ?? {}));
    return branches.every(
      (b) =>
        Object.keys(b).every((k) => k === "required" || k === "properties") &&
        Object.keys(b.properties ?? {}).every((name) => declared.has(name)) &&
        (b.required ?? []).every((name: string) => declared.has(name)),
    );
  };

  const lift = (node: unknown): void => {
    if (!node || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach(lift);
    const schema = node as Schema;
    if (Array.isArray(schema.allOf)) {
      schema.allOf = (schema.allOf as Schema[]).filter((member) => !isRuleOnly(member, schema));
      if (!schema.allOf.length) delete schema.allOf;
    }
    if (Array.isArray(schema.oneOf) && schema.oneOf.some(hasChoice)) {
      schema.oneOf = (schema.oneOf as Schema[]).flatMap((branch) =>
        entries(branch, valueOf(schema, branch) ?? (nameOf(branch) ? readableName(nameOf(branch)!) : branch.title ?? "other")),
      );
      delete schema.discriminator;
    }
    for (const value of Object.values(schema)) lift(value);
  };
  lift(doc.components?.schemas);
  lift(doc.paths);
  lift(doc.webhooks);
  return doc;
}
