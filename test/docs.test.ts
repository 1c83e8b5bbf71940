// The docs pages as readers see them: `npm run docs` builds them, then Debian's Chromium (headless, driven by
// playwright-core, never a downloaded browser) opens each one from file://, waits for Redoc to render, and checks that
// every operation of the description appears with its evidence grade and its key. Every request that is not to
// file:// (or a loopback address) is recorded and aborted: the test fails if any was made. Screenshots go to
// build/screenshots/<page>.png.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDocs, docsFacts, docsPage, DOCS_INDEX } from "../scripts/docs.ts";
import { APIS, BUILD_DIR } from "../scripts/lib.ts";
import { listOperations } from "../scripts/targets.ts";
import { loadDoc } from "./support/spec.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SCREENSHOTS = join(BUILD_DIR, "screenshots");
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Allowed: the page itself and anything local. Everything else is recorded and aborted. */
function isLocal(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  if (["file:", "data:", "blob:", "about:"].includes(protocol)) return true;
  return hostname === "127.0.0.1" || hostname === "[::1]" || hostname === "localhost";
}

const normalise = (s: string) => s.replace(/\s+/g, " ").trim();

describe("docs pages in headless Chromium", () => {
  let profile: string;
  let context: BrowserContext;
  const external: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (Debian's package; never a downloaded browser)`);
    }
    buildDocs();
    mkdirSync(SCREENSHOTS, { recursive: true });
    profile = mkdtempSync(join(tmpdir(), "docs-chromium-"));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      viewport: { width: 1280, height: 900 },
      serviceWorkers: "block",
    });
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (isLocal(url)) return route.continue();
      external.push(url);
      return route.abort("blockedbyclient");
    });
    context.on("request", (request) => {
      if (!isLocal(request.url()) && !external.includes(request.url())) external.push(request.url());
    });
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  async function open(url: string): Promise<Page> {
    const page = await context.newPage();
    page.on("pageerror", (error) => pageErrors.push(`${url}: ${error.message}`));
    page.on("websocket", (ws) => external.push(ws.url()));
    await page.goto(url, { waitUntil: "load" });
    return page;
  }

  it("the index page links every API page", async () => {
    const page = await open(pathToFileURL(DOCS_INDEX).href);
    const hrefs = await page.$$eval("a[href]", (links) => links.map((a) => a.getAttribute("href")));
    expect(hrefs.sort()).toEqual(APIS.map((api) => `${api}.html`).sort());
    await page.screenshot({ path: join(SCREENSHOTS, "index.png") });
    await page.close();
  });

  for (const api of APIS) {
    it(`${api}: renders every operation with its evidence grade and key`, async () => {
      const doc = loadDoc(api);
      const page = await open(pathToFileURL(docsPage(api)).href);
      // Redoc renders the overview first, then one route per tag (#/<tag>) holding all of that tag's operations.
      await page.waitForSelector('[data-section-id^="/"]', { timeout: 60_000 });
      const title = normalise(await page.innerText("body"));
      expect(title).toContain(doc.info.title);
      await page.screenshot({ path: join(SCREENSHOTS, `${api}.png`) });

      const tagRoutes = await page.$$eval("[data-section-id]", (els) =>
        [...new Set(els.map((e) => e.getAttribute("data-section-id") ?? ""))].filter((id) => /^\/[^/]+$/.test(id)),
      );
      // Each operation has its own route, #/<tag slug>/<operationId in lower case>; Redoc renders it when visited.
      const slug = (tag: string) => `/${tag.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "")}`;
      const rendered = new Map<string, string>();
      let shot = false;
      for (const { operation } of listOperations(doc)) {
        const route = `${slug(operation.tags?.[0] ?? "")}/${String(operation.operationId).toLowerCase()}`;
        if (!tagRoutes.includes(route.replace(/\/[^/]+$/, ""))) continue;
        await page.evaluate((hash) => (window.location.hash = hash), `#${route}`);
        const text = await page
          .waitForFunction(
            (id) => {
              const texts = [...document.querySelectorAll(`[data-section-id="${id}"]`)].map((e) => (e as HTMLElement).innerText);
              return texts.find((t) => t.includes("Evidence:")) ?? false;
            },
            route,
            { timeout: 20_000 },
          )
          .then((handle) => handle.jsonValue() as Promise<string>)
          .catch(() => "");
        rendered.set(String(operation.operationId).toLowerCase(), text);
        if (text && !shot) {
          shot = true;
          await page.screenshot({ path: join(SCREENSHOTS, `${api}-operation.png`) });
        }
      }

      const problems: string[] = [];
      for (const { method, path, operation } of listOperations(doc)) {
        const label = `${method.toUpperCase()} ${path} (${operation.operationId})`;
        const text = normalise(rendered.get(String(operation.operationId).toLowerCase()) ?? "");
        if (!text) {
          problems.push(`${label}: not rendered`);
          continue;
        }
        const { evidence, key, resends } = docsFacts(doc, path, method);
        if (!text.includes(normalise(operation.summary))) problems.push(`${label}: summary missing`);
        if (!text.includes(`Evidence: ${evidence}.`)) problems.push(`${label}: evidence "${evidence}" missing`);
        if (!text.includes(`Key: ${key}.`)) problems.push(`${label}: key "${key}" missing`);
        if (!text.includes(`Resends: ${normalise(resends)}.`)) problems.push(`${label}: resends "${resends}" missing`);
      }
      expect(problems).toEqual([]);
      await page.evaluate(() => (window.location.hash = ""));
      await page.close();
    }, 240_000);
  }

  // Every variant a reader can pick in a request body shows its fields (Redoc showed none below a nested choice: with
  // PAYMENT picked, `POST /transactions` listed `transactionType` alone). The variants and their fields are read from
  // the published bundle; what Chromium shows is read from the page, one option of the dropdown at a time.
  it.each([
    ["quickstream", "createTransaction", "the body", undefined],
    ["paymentsplus", "createFilePayment", "recipientAccount", "recipientAccount"],
  ] as const)("%s %s: every variant of %s shows its fields", async (api, operationId, _what, property) => {
    const doc = loadDoc(api);
    const op = listOperations(doc).find((o) => o.operation.operationId === operationId)!;
    let schema = op.operation.requestBody.content["application/json"].schema;
    if (property) schema = resolve(doc, resolve(doc, schema).properties[property]);
    const expected = leafVariants(doc, schema).map((leaf) => [...propertyNames(doc, leaf)]);
    expect(expected.length).toBeGreaterThan(property === undefined ? 5 : 0);

    const page = await open(pathToFileURL(docsPage(api)).href);
    await page.waitForSelector('[data-section-id^="/"]', { timeout: 60_000 });
    const route = `/${String(op.operation.tags[0]).toLowerCase().replace(/[^a-z0-9]+/g, "-")}/${operationId.toLowerCase()}`;
    await page.evaluate((hash) => (window.location.hash = hash), `#${route}`);
    const section = page.locator(`[data-section-id="${route}"]`).first();
    await section.waitFor({ timeout: 20_000 });
    const scope = property
      ? section.locator(".schema-property-item").filter({ has: page.locator(".schema-name", { hasText: new RegExp(`^${property}$`) }) }).first()
      : section;
    const switcher = scope.locator('[data-section-id="switcher"]').first();
    const button = switcher.locator("button").first();
    const menu = page.locator("[role=menu]").filter({ hasText: await button.innerText() });
    await button.click();
    const items = await menu.locator("[role=menuitem]").allInnerTexts();
    const options = items.filter(Boolean);
    const shown: string[][] = [];
    for (const option of options) {
      if (!(await menu.locator("[role=menuitem]").first().isVisible())) await button.click();
      await menu.locator("[role=menuitem]").nth(items.indexOf(option)).click();
      await expect.poll(() => button.innerText()).toBe(option);
      // A nested object's fields are folded behind "Show N properties": unfold them as a reader would.
      const folded = switcher.locator("xpath=..").getByText(/^Show \d+ propert/);
      for (let n = 0; n < 20 && (await folded.count()) > 0; n++) await folded.first().click();
      shown.push(await switcher.evaluate((el) => [...el.parentElement!.querySelectorAll(".schema-name")].map((e) => e.textContent ?? "")));
    }
    await page.screenshot({ path: join(SCREENSHOTS, `${api}-${operationId}-variants.png`) });
    await page.close();

    // Each variant of the description is one option whose rendering names every one of the variant's fields.
    const missing = expected.filter((fields) => !shown.some((names) => fields.every((f) => names.includes(f))));
    expect(missing, JSON.stringify(Object.fromEntries(options.map((o, i) => [o, shown[i]])))).toEqual([]);
    expect(options.length).toBe(expected.length);
  }, 120_000);

  it("made no request that left the machine, and the pages raised no errors", () => {
    expect(external).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

type Schema = Record<string, any>;
const resolve = (doc: Schema, s: Schema): Schema => (s?.$ref ? resolve(doc, deref(doc, s.$ref)) : s);
const deref = (doc: Schema, ref: string): Schema => ref.slice(2).split("/").reduce((node, key) => node[key], doc);

/** The schemas a reader can end up with in a (possibly nested) choice: the branches that are not choices themselves. */
function leafVariants(doc: Schema, schema: Schema): Schema[] {
  const s = resolve(doc, schema);
  return s.oneOf ? s.oneOf.flatMap((branch: Schema) => leafVariants(doc, branch)) : [s];
}

/** The property names a schema declares, its own and those of its `allOf` members. */
function propertyNames(doc: Schema, schema: Schema): Set<string> {
  const s = resolve(doc, schema);
  const names = new Set<string>(Object.keys(s.properties ?? {}));
  for (const part of s.allOf ?? []) for (const name of propertyNames(doc, part)) names.add(name);
  return names;
}
