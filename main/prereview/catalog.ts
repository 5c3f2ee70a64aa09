// Loading the catalog: shape (zod), then cross-references and rules (compiled once). A catalog is
// taken whole or not at all; the first failure is reported with its file and the path inside it.
import { AppError } from '../../common/errors.ts';
import type { Logger } from '../../common/log.ts';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { firstExampleFailure } from './examples.ts';
import { FACT_PATHS } from './facts.ts';
import { type CompiledRule, type PathCheck, type Scope, compileRule, compileTemplate } from './rules.ts';
import {
  type AgentMaterial,
  type CatalogManifest,
  type EligibilityRule,
  type Promisable,
  type FormField,
  type Localized,
  type Material,
  type ServiceItem,
  bundleSchema,
  manifestSchema,
  serviceItemSchema,
} from './schema.ts';

/** The catalog in force: plain data (safe to send to the renderer or store), plus its content hash. */
export interface Catalog extends CatalogManifest {
  items: ServiceItem[];
  /** SHA-256 of the canonical JSON of the manifest and items: two kiosks with the same hash run the
   *  same rules. */
  hash: string;
}

export interface CatalogLoadError {
  /** The file that failed, relative to the catalog folder ('catalog.json', 'items/x.json'), or
   *  'bundle' for a catalog handed over as one JSON value. */
  file: string;
  /** Where inside that file, e.g. `materials[2].name.en`; '' for the file as a whole. */
  path: string;
  /** Plain English naming the path: safe to log and to show to maintenance staff. */
  message: string;
}

export type CatalogLoadResult =
  { ok: true; catalog: Catalog; loadMs: number } | { ok: false; error: CatalogLoadError };

export const MANIFEST_FILE = 'catalog.json';
export const ITEMS_FOLDER = 'items';

// Compiled rules, keyed by the catalog object so the catalog itself stays plain data.
export interface CompiledField {
  field: FormField;
  when?: CompiledRule;
}
export interface CompiledMaterial {
  material: Material;
  when?: CompiledRule;
}
export interface CompiledAgentMaterial {
  material: AgentMaterial;
}
export interface CompiledEligibility {
  rule: EligibilityRule;
  run: CompiledRule;
  message: (scope: Scope) => Localized;
}
export interface CompiledItem {
  item: ServiceItem;
  fields: CompiledField[];
  agentFields: CompiledField[];
  materials: CompiledMaterial[];
  agentMaterials: CompiledAgentMaterial[];
  eligibility: CompiledEligibility[];
  /** Material id → how it may be promised (only the item's own materials, never an agent's). */
  promisable: ReadonlyMap<string, Promisable>;
  cardTypes: ReadonlySet<string>;
  formBasis: Localized;
  creditBasis: Localized;
}

const compiledCatalogs = new WeakMap<Catalog, ReadonlyMap<string, CompiledItem>>();

class LoadFailure extends AppError {
  constructor(readonly detail: CatalogLoadError) {
    super(detail.message);
  }
}

function fail(file: string, where: string, reason: string): never {
  throw new LoadFailure({
    file,
    path: where,
    message: where === '' ? `${file}: ${reason}` : `${file}, ${where}: ${reason}`,
  });
}

function joinPath(base: string, next: string | number): string {
  if (typeof next === 'number') return `${base}[${next}]`;
  if (/^[A-Za-z_][\w]*$/.test(next)) return base === '' ? next : `${base}.${next}`;
  return `${base}[${JSON.stringify(next)}]`;
}

function zodPath(base: string, issuePath: readonly PropertyKey[]): string {
  return issuePath.reduce<string>(
    (acc, key) => joinPath(acc, typeof key === 'number' ? key : String(key)),
    base,
  );
}

function parseWith<T>(schema: z.ZodType<T>, data: unknown, file: string, base: string): T {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const where = zodPath(base, issue.path);
  // zod's own sentence for a missing key is "expected string, received undefined"; say it plainly.
  const reason =
    issue.code === 'invalid_type' && issue.message.includes('received undefined')
      ? `is missing (${issue.message})`
      : issue.message;
  return fail(file, where, reason);
}

function pathCheck(fieldIds: ReadonlySet<string>, materialIds: ReadonlySet<string>): PathCheck {
  return (segments) => {
    const [root, key, ...rest] = segments;
    const name = segments.join('.');
    if (root === 'form') {
      return key !== undefined && fieldIds.has(key) && rest.length === 0
        ? undefined
        : `"${name}" names no form field of this item`;
    }
    if (root === 'checklist') {
      return key !== undefined && materialIds.has(key) && rest.length === 0
        ? undefined
        : `"${name}" names no material of this item`;
    }
    if (root !== undefined && Object.hasOwn(FACT_PATHS, root)) {
      const known = FACT_PATHS[root as keyof typeof FACT_PATHS];
      return key !== undefined && known.includes(key) && rest.length === 0
        ? undefined
        : `unknown fact "${name}"; ${root} has ${known.join(', ')}`;
    }
    return `unknown fact "${name}"; rules read applicant.*, agent.*, hall.*, time.*, form.<field>, checklist.<material>`;
  };
}

function compileOrFail(rule: unknown, check: PathCheck, file: string, where: string): CompiledRule {
  const compiled = compileRule(rule, check);
  if (compiled.ok) return compiled.run;
  return fail(
    file,
    compiled.error.path === '' ? where : `${where}.${compiled.error.path}`,
    compiled.error.message,
  );
}

function compileMessage(message: Localized, check: PathCheck, file: string, where: string) {
  const zh = compileTemplate(message['zh-CN'], check);
  if (!zh.ok) fail(file, `${where}["zh-CN"]`, zh.message);
  const en = compileTemplate(message.en, check);
  if (!en.ok) fail(file, `${where}.en`, en.message);
  return (scope: Scope): Localized => ({ 'zh-CN': zh.render(scope), en: en.render(scope) });
}

interface ItemEntry {
  file: string;
  base: string;
  data: unknown;
}

function compileItem(manifest: CatalogManifest, item: ServiceItem, file: string, base: string): CompiledItem {
  const at = (where: string) => (base === '' ? where : `${base}.${where}`);
  const fieldIds = new Set<string>();
  for (const [i, field] of [...item.form, ...manifest.agentFields].entries()) {
    const where = i < item.form.length ? at(`form[${i}]`) : `agentFields[${i - item.form.length}]`;
    if (fieldIds.has(field.id)) fail(file, `${where}.id`, `form field "${field.id}" appears twice`);
    fieldIds.add(field.id);
    if (field.type === 'choice' && field.choices === undefined)
      fail(file, where, 'a choice field needs choices');
    if (field.type !== 'choice' && field.choices !== undefined)
      fail(file, `${where}.choices`, 'only choice fields have choices');
    if (field.type === 'measure' && field.unit === undefined)
      fail(file, where, 'a measure field needs its unit (e.g. 平方米 / m²)');
    if (field.min !== undefined && field.max !== undefined && field.min > field.max) {
      fail(file, `${where}.min`, 'min is greater than max');
    }
  }
  const materialIds = new Set<string>();
  for (const [i, material] of [...item.materials, ...manifest.agentMaterials].entries()) {
    const where =
      i < item.materials.length ? at(`materials[${i}]`) : `agentMaterials[${i - item.materials.length}]`;
    if (materialIds.has(material.id)) fail(file, `${where}.id`, `material "${material.id}" appears twice`);
    materialIds.add(material.id);
  }
  const check = pathCheck(fieldIds, materialIds);

  const compileField = (field: FormField, where: string): CompiledField =>
    field.when === undefined
      ? { field }
      : { field, when: compileOrFail(field.when, check, file, `${where}.when`) };
  const compileMaterial = (material: Material, where: string): CompiledMaterial =>
    material.when === undefined
      ? { material }
      : { material, when: compileOrFail(material.when, check, file, `${where}.when`) };

  const eligibility = item.eligibility.map((entry, i): CompiledEligibility => {
    const where = at(`eligibility[${i}]`);
    if (typeof entry === 'string') {
      const shared = manifest.sharedRules.find((rule) => rule.id === entry);
      if (shared === undefined) fail(file, where, `no shared rule "${entry}" in ${MANIFEST_FILE}`);
      const sharedAt = `sharedRules[${manifest.sharedRules.indexOf(shared)}] (used by ${item.code})`;
      return {
        rule: shared,
        run: compileOrFail(shared.rule, check, MANIFEST_FILE, `${sharedAt}.rule`),
        message: compileMessage(shared.message, check, MANIFEST_FILE, `${sharedAt}.message`),
      };
    }
    return {
      rule: entry,
      run: compileOrFail(entry.rule, check, file, `${where}.rule`),
      message: compileMessage(entry.message, check, file, `${where}.message`),
    };
  });
  const ruleIds = new Set<string>();
  for (const [i, compiled] of eligibility.entries()) {
    if (ruleIds.has(compiled.rule.id))
      fail(file, at(`eligibility[${i}]`), `rule "${compiled.rule.id}" appears twice`);
    ruleIds.add(compiled.rule.id);
  }

  if (!manifest.lines.some((line) => line.code === item.line)) {
    fail(file, at('line'), `no business line "${item.line}" in ${MANIFEST_FILE}`);
  }
  if (!manifest.categories.some((category) => category.id === item.category)) {
    fail(file, at('category'), `no category "${item.category}" in ${MANIFEST_FILE}`);
  }
  if (!item.agent.allowed && item.agent.refusal === undefined) {
    fail(file, at('agent.refusal'), 'is missing: say why an agent cannot apply');
  }
  if (item.agent.allowed && (item.agent.relations ?? []).length === 0) {
    fail(file, at('agent.relations'), 'is missing: say which kinds of agent may apply');
  }
  const promisable = new Map<string, Promisable>();
  for (const [i, entry] of (item.commitment?.materials ?? []).entries()) {
    const where = at(`commitment.materials[${i}]`);
    const material = item.materials.find((m) => m.id === entry.material);
    if (material === undefined)
      fail(file, `${where}.material`, `no material "${entry.material}" in this item`);
    if (promisable.has(entry.material)) fail(file, `${where}.material`, `"${entry.material}" appears twice`);
    if (entry.kind === 'non-core' && material.core) {
      fail(
        file,
        `${where}.kind`,
        `"${entry.material}" is a core material: only core-later or full-trust may cover it`,
      );
    }
    if (entry.kind === 'core-later' && !material.core) {
      fail(file, `${where}.kind`, `"${entry.material}" is not a core material: use non-core`);
    }
    if (entry.kind === 'full-trust' && entry.within !== undefined) {
      fail(file, `${where}.within`, 'a full-trust commitment owes nothing later, so it has no due date');
    }
    if (entry.kind !== 'full-trust' && entry.within === undefined) {
      fail(file, `${where}.within`, 'is missing: say when the material is due (months, days or workingDays)');
    }
    promisable.set(entry.material, entry);
  }
  const licensee = item.commitment?.licensee;
  if (licensee) {
    for (const key of ['nameField', 'usccField'] as const) {
      if (!item.form.some((field) => field.id === licensee[key])) {
        fail(file, at(`commitment.licensee.${key}`), `no form field "${licensee[key]}" in this item`);
      }
    }
  }
  for (const key of Object.keys(item.exampleBase.form)) {
    if (!fieldIds.has(key)) fail(file, at(`exampleBase.form.${key}`), `no form field "${key}" in this item`);
  }

  return {
    item,
    fields: item.form.map((field, i) => compileField(field, at(`form[${i}]`))),
    agentFields: manifest.agentFields.map((field, i) => compileField(field, `agentFields[${i}]`)),
    materials: item.materials.map((material, i) => compileMaterial(material, at(`materials[${i}]`))),
    agentMaterials: manifest.agentMaterials.map((material) => ({ material })),
    eligibility,
    promisable,
    cardTypes: new Set(item.applicants.cardTypes),
    formBasis: manifest.formBasis,
    creditBasis: manifest.creditBasis,
  };
}

function compileAll(manifest: CatalogManifest, entries: readonly ItemEntry[]) {
  const items: ServiceItem[] = [];
  const compiled = new Map<string, CompiledItem>();
  const duplicateIds = (list: readonly { id?: string; code?: string }[], what: string, where: string) => {
    const seen = new Set<string>();
    for (const [i, entry] of list.entries()) {
      const id = entry.id ?? entry.code ?? '';
      if (seen.has(id)) fail(MANIFEST_FILE, `${where}[${i}]`, `${what} "${id}" appears twice`);
      seen.add(id);
    }
  };
  duplicateIds(manifest.lines, 'business line', 'lines');
  duplicateIds(manifest.categories, 'category', 'categories');
  duplicateIds(manifest.sharedRules, 'shared rule', 'sharedRules');
  for (const [i, material] of manifest.agentMaterials.entries()) {
    if (material.when !== undefined)
      fail(MANIFEST_FILE, `agentMaterials[${i}].when`, 'agent materials apply whenever an agent applies');
  }
  if (entries.length === 0) fail(ITEMS_FOLDER, '', 'the catalog has no service items');
  for (const entry of entries) {
    const item = parseWith(serviceItemSchema, entry.data, entry.file, entry.base);
    if (compiled.has(item.code))
      fail(entry.file, joinPath(entry.base, 'code'), `item code "${item.code}" appears twice`);
    compiled.set(item.code, compileItem(manifest, item, entry.file, entry.base));
    items.push(item);
  }
  return { items, compiled };
}

/** The parsed catalog as JSON. Its key order is fixed by the schema (strict objects in schema order,
 *  records sorted — see sortedRecord), and rules hold only one-key objects, so the hash depends on
 *  content and not on how the files order their keys. Native JSON.stringify without a replacer: the
 *  catalog carries its worked examples and every article, and a replacer made hashing the slowest step. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value);
}

export interface LoadOptions {
  /** Run the catalog's worked examples and refuse it if one fails (default). Off only for tools that
   *  want to list every failing example at once (runExamples). */
  checkExamples?: boolean;
}

function assemble(
  manifestData: unknown,
  entries: readonly ItemEntry[],
  manifestFile: string,
  manifestBase: string,
  options: LoadOptions = {},
) {
  const manifest = parseWith(manifestSchema, manifestData, manifestFile, manifestBase);
  const { items, compiled } = compileAll(manifest, entries);
  const hash = createHash('sha256').update(canonicalJson({ manifest, items })).digest('hex');
  const catalog: Catalog = { ...manifest, items, hash };
  compiledCatalogs.set(catalog, compiled);
  // A catalog that fails its own worked examples is refused whole, like any other error.
  const failure = options.checkExamples === false ? undefined : firstExampleFailure(catalog);
  if (failure) {
    compiledCatalogs.delete(catalog);
    const index = items.findIndex((item) => item.code === failure.itemCode);
    const entry = entries[index]!;
    fail(entry.file, joinPath(joinPath(entry.base, 'examples'), failure.index), failure.message);
  }
  return catalog;
}

function attempt(run: () => Catalog, started: number): CatalogLoadResult {
  try {
    const catalog = run();
    return { ok: true, catalog, loadMs: performance.now() - started };
  } catch (error) {
    if (error instanceof LoadFailure) return { ok: false, error: error.detail };
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, error: { file: '', path: '', message: `catalog could not be loaded: ${reason}` } };
  }
}

function readJson(dir: string, file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'read error';
    return fail(file, '', code === 'ENOENT' ? 'file is missing' : `cannot be read (${code})`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return fail(file, '', `is not valid JSON (${(error as Error).message})`);
  }
}

/** Reads `catalog.json` and `items/*.json` from a folder and checks them. Never throws. */
export function loadCatalog(dir: string, options: LoadOptions = {}): CatalogLoadResult {
  const started = performance.now();
  return attempt(() => {
    const manifestData = readJson(dir, MANIFEST_FILE);
    let names: string[];
    try {
      names = fs
        .readdirSync(path.join(dir, ITEMS_FOLDER))
        .filter((name) => name.endsWith('.json'))
        .sort();
    } catch {
      // Turned into a load failure naming the folder, which the caller reports.
      return fail(ITEMS_FOLDER, '', 'folder is missing or cannot be read');
    }
    const entries = names.map((name) => {
      const file = `${ITEMS_FOLDER}/${name}`;
      return { file, base: '', data: readJson(dir, file) };
    });
    const catalog = assemble(manifestData, entries, MANIFEST_FILE, '', options);
    checkImages(dir, catalog, entries);
    return catalog;
  }, started);
}

/** A missing example picture would leave a blank box in front of the citizen: refuse the catalog. */
function checkImages(dir: string, catalog: Catalog, entries: readonly ItemEntry[]): void {
  catalog.agentMaterials.forEach((material, i) => {
    if (material.example && !fs.existsSync(path.join(dir, material.example))) {
      fail(MANIFEST_FILE, `agentMaterials[${i}].example`, `picture ${material.example} is missing`);
    }
  });
  catalog.items.forEach((item, itemIndex) => {
    item.materials.forEach((material, i) => {
      if (material.example && !fs.existsSync(path.join(dir, material.example))) {
        fail(entries[itemIndex]!.file, `materials[${i}].example`, `picture ${material.example} is missing`);
      }
    });
  });
}

/** Checks a catalog delivered as one JSON value (the manifest fields plus `items`). Never throws. */
export function parseCatalog(bundle: unknown, options: LoadOptions = {}): CatalogLoadResult {
  const started = performance.now();
  return attempt(() => {
    const shape = parseWith(bundleSchema, bundle, 'bundle', '');
    const { items, ...manifest } = shape;
    const entries = items.map((data, i) => ({ file: 'bundle', base: `items[${i}]`, data }));
    return assemble(manifest, entries, 'bundle', '', options);
  }, started);
}

/** The catalog as one JSON value, the shape parseCatalog takes back (e.g. to hand to sync or to store). */
export function catalogBundle(catalog: Catalog): CatalogManifest & { items: ServiceItem[] } {
  const { hash: _hash, ...bundle } = catalog;
  return bundle;
}

/** The compiled rules of a catalog. A catalog object that did not come from loadCatalog/parseCatalog
 *  (say, a structured clone) is checked and compiled again; undefined if it does not pass. */
export function compiledItems(catalog: Catalog): ReadonlyMap<string, CompiledItem> | undefined {
  const known = compiledCatalogs.get(catalog);
  if (known) return known;
  const again = parseCatalog(catalogBundle(catalog));
  if (!again.ok) return undefined;
  const compiled = compiledCatalogs.get(again.catalog)!;
  compiledCatalogs.set(catalog, compiled);
  return compiled;
}

/** The catalog in force. A replacement that fails any check is refused whole and the previous one
 *  stays in force, so a bad sync can never leave the kiosk without rules. */
export class CatalogHolder {
  #current: Catalog;

  constructor(
    initial: Catalog,
    private readonly logger?: Logger,
  ) {
    this.#current = initial;
  }

  current(): Catalog {
    return this.#current;
  }

  /** A folder path, or the catalog as one parsed JSON value (see parseCatalog). */
  replace(dirOrParsedJson: string | unknown): CatalogLoadResult {
    const result =
      typeof dirOrParsedJson === 'string' ? loadCatalog(dirOrParsedJson) : parseCatalog(dirOrParsedJson);
    if (result.ok) {
      const previous = this.#current;
      this.#current = result.catalog;
      this.logger?.info('catalog.replaced', {
        from: previous.version,
        to: result.catalog.version,
        hash: result.catalog.hash,
        loadMs: Math.round(result.loadMs),
      });
    } else {
      this.logger?.warn('catalog.refused', {
        kept: this.#current.version,
        file: result.error.file,
        path: result.error.path,
        reason: result.error.message,
      });
    }
    return result;
  }
}
