import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

const root = path.dirname(fileURLToPath(import.meta.url));

// ---------------------------------------------------------------------------------------------------
// Layers. Every file belongs to the zone of the longest folder below that holds it; `imports` lists the
// project folders its relative imports may reach, `packages` the kinds of npm/Node modules it may use.
// README.md's folder table is this list, word for word (test/unit/lint/boundaries.test.ts checks both:
// the table against this list, and that lint refuses a forbidden import in every zone).
// ---------------------------------------------------------------------------------------------------

/** Kinds of bare module specifiers a zone may be allowed. Anything not named here is an ordinary
 *  library (zod, ajv, serialport…) and allowed wherever the zone allows `libraries`. */
const PACKAGE_KINDS = {
  node: (name) => name.startsWith('node:') || builtinModules.includes(name.split('/')[0]),
  electron: (name) => name === 'electron' || name.startsWith('electron/') || name.startsWith('@electron/'),
  react: (name) => /^(react|react-dom)(\/|$)/.test(name),
  // The central server's stack and the build/dev tools: never inside the kiosk bundle.
  server: (name) => /^(fastify|@fastify\/|pg(\/|$)|pg-)/.test(name),
  tooling: (name) =>
    /^(vite|vitest|esbuild|electron-builder|playwright-core|@playwright\/|prettier|tsx|typescript)(\/|$)/.test(
      name,
    ),
};

/** The zone list. `what` is the README's wording; keep them the same (the boundaries test compares). */
export const zones = [
  {
    folder: 'common/',
    what: 'Types and rules shared by every side (IPC contract, channels, results, the logger port). Pure: no Node, DOM, Electron or React.',
    imports: ['common'],
    packages: ['libraries'],
    pure: true,
  },
  {
    folder: 'domain/',
    what: 'Domain rules usable by hardware, main and renderer alike: identity (GB 11643, GB/T 2260 regions, nations, dates, masking, the card model). Pure.',
    imports: ['common', 'domain', 'resources'],
    packages: ['libraries'],
    pure: true,
  },
  {
    folder: 'protocol/',
    what: 'The sync protocol shared by main/sync and central: openapi.json, the types generated from it, the compiled contract, document signing.',
    imports: ['common', 'domain', 'protocol'],
    packages: ['libraries', 'node'],
  },
  {
    folder: 'hardware/',
    what: 'Drivers, codecs and emulators of the serial devices (ID card reader, printer, serial supervision). No business rules, no Electron.',
    imports: ['common', 'domain', 'hardware'],
    packages: ['libraries', 'node'],
  },
  {
    folder: 'main/electron/',
    what: 'The Electron shell: app lifecycle, window, IPC, custom protocol. The only place in main/ that imports electron.',
    imports: ['common', 'domain', 'protocol', 'hardware', 'main'],
    packages: ['libraries', 'node', 'electron'],
  },
  {
    folder: 'main/',
    what: 'The kiosk process: composition root, services, stores, sync client, queue and pre-review with their slips, device wiring, logs.',
    imports: ['common', 'domain', 'protocol', 'hardware', 'main', 'resources'],
    packages: ['libraries', 'node'],
  },
  {
    folder: 'preload/',
    what: 'The sandboxed bridge: exposes invoke and on to the screens.',
    imports: ['common', 'preload'],
    packages: ['libraries', 'electron'],
  },
  {
    folder: 'renderer/vite.config.ts',
    what: "The screens' build configuration.",
    imports: [],
    packages: ['libraries', 'node', 'tooling'],
  },
  {
    folder: 'renderer/',
    what: 'The screens (React), served to the kiosk window or a browser. No Node, no Electron, nothing from main/ or hardware/.',
    imports: ['common', 'domain', 'renderer'],
    packages: ['libraries', 'react'],
  },
  {
    folder: 'central/',
    what: 'The reference central server (Fastify, SQLite or PostgreSQL) and its admin command line.',
    imports: ['common', 'domain', 'protocol', 'central'],
    packages: ['libraries', 'node', 'server'],
  },
  {
    folder: 'tools/',
    what: 'kiosk-diag and the printer documentation tools.',
    imports: ['common', 'domain', 'protocol', 'hardware', 'main', 'tools'],
    packages: ['libraries', 'node', 'tooling'],
  },
  {
    folder: 'bin/',
    what: 'Command-line entry points (kiosk-diag).',
    imports: ['tools'],
    packages: ['libraries', 'node', 'tooling'],
  },
  {
    folder: 'resources/',
    what: 'Data the kiosk ships (regions, catalog, prompts) and the scripts that build it.',
    imports: ['common', 'domain', 'renderer', 'resources'],
    packages: ['libraries', 'node'],
  },
  {
    folder: 'scripts/',
    what: 'Build, start, packaging and code generation.',
    imports: ['common', 'domain', 'protocol', 'hardware', 'main', 'central', 'scripts'],
    packages: ['libraries', 'node', 'tooling'],
  },
  {
    folder: 'bench/',
    what: 'Benchmarks that measure the figures the docs quote.',
    imports: ['common', 'domain', 'protocol', 'hardware', 'main', 'central', 'tools', 'test', 'bench'],
    packages: ['libraries', 'node', 'server', 'tooling'],
  },
  {
    folder: 'test/',
    what: 'Unit, integration, fault and end-to-end tests; folders mirror the code.',
    imports: '*',
    packages: ['libraries', 'node', 'react', 'server', 'tooling'],
  },
];

const KIND_WORDS = {
  libraries: 'npm libraries',
  node: 'Node',
  electron: '`electron`',
  react: 'React',
  server: 'server packages (Fastify, pg)',
  tooling: 'build tools',
};

/** The "may import" cell of README's folder table for a zone. */
export function describeImports(zone) {
  const folders =
    zone.imports === '*'
      ? 'every folder'
      : zone.imports.map((folder) => `\`${folder}/\``).join(', ') || 'no folder';
  return `${folders}; ${zone.packages.map((kind) => KIND_WORDS[kind]).join(', ')}`;
}

const PROJECT_FOLDERS = new Set(zones.map((zone) => zone.folder.split('/')[0]).concat(['docs']));

export function zoneOf(file) {
  const relative = path.relative(root, file).split(path.sep).join('/');
  if (relative.startsWith('..')) return undefined;
  let found;
  for (const zone of zones) {
    const matches = zone.folder.endsWith('/') ? relative.startsWith(zone.folder) : relative === zone.folder;
    if (matches && (!found || zone.folder.length > found.folder.length)) found = zone;
  }
  return found ?? (relative.includes('/') ? null : 'root');
}

function packageKind(name) {
  for (const [kind, test] of Object.entries(PACKAGE_KINDS)) if (test(name)) return kind;
  return 'libraries';
}

const layersPlugin = {
  rules: {
    'no-silent-catch': {
      meta: {
        type: 'problem',
        docs: {
          description: 'A catch that drops its error must rethrow, log it with an event id, or say why.',
        },
        schema: [],
        messages: {
          silent:
            'This catch drops the error: rethrow it, log it with an event id, or say in a comment why nothing is lost.',
        },
      },
      create(context) {
        const source = context.sourceCode;
        const isLogCall = (node) =>
          node.type === 'CallExpression' &&
          node.callee.type === 'MemberExpression' &&
          ['debug', 'info', 'warn', 'error'].includes(node.callee.property.name) &&
          /log/i.test(source.getText(node.callee.object));
        const visit = (node, found) => {
          if (!node || typeof node.type !== 'string') return false;
          if (found(node)) return true;
          for (const key of source.visitorKeys[node.type] ?? []) {
            const child = node[key];
            if (Array.isArray(child) ? child.some((item) => visit(item, found)) : visit(child, found))
              return true;
          }
          return false;
        };
        return {
          CatchClause(node) {
            const used =
              node.param &&
              source.getDeclaredVariables(node).some((variable) => variable.references.length > 0);
            if (used) return; // the error is handed on or inspected: not dropped
            if (source.getCommentsInside(node).length > 0) return;
            if (visit(node.body, (child) => child.type === 'ThrowStatement' || isLogCall(child))) return;
            context.report({ node, messageId: 'silent' });
          },
        };
      },
    },
    zones: {
      meta: {
        type: 'problem',
        docs: { description: 'Each folder imports only the folders and module kinds its zone allows.' },
        schema: [],
        messages: {
          folder: '{{zone}} may not import from {{target}}/ (zone allows: {{allowed}}).',
          package: "{{zone}} may not import '{{name}}' ({{kind}} modules are outside this zone).",
          unzoned: '{{file}} is in no lint zone: add its folder to the zone list in eslint.config.js.',
        },
      },
      create(context) {
        const file = context.filename;
        const zone = zoneOf(file);
        if (zone === undefined || zone === 'root') return {};
        if (zone === null) {
          return {
            Program(node) {
              context.report({ node, messageId: 'unzoned', data: { file: path.relative(root, file) } });
            },
          };
        }
        const check = (node, specifier) => {
          if (typeof specifier !== 'string') return;
          if (specifier.startsWith('.')) {
            const target = path
              .relative(root, path.resolve(path.dirname(file), specifier))
              .split(path.sep)
              .join('/');
            const top = target.split('/')[0];
            if (!PROJECT_FOLDERS.has(top) || zone.imports === '*' || zone.imports.includes(top)) return;
            context.report({
              node,
              messageId: 'folder',
              data: { zone: zone.folder, target: top, allowed: zone.imports.join(', ') || 'none' },
            });
            return;
          }
          const kind = packageKind(specifier);
          if (zone.packages.includes(kind)) return;
          context.report({ node, messageId: 'package', data: { zone: zone.folder, name: specifier, kind } });
        };
        const fromSource = (node) => node.source && check(node.source, node.source.value);
        return {
          ImportDeclaration: fromSource,
          ExportNamedDeclaration: fromSource,
          ExportAllDeclaration: fromSource,
          ImportExpression(node) {
            if (node.source.type === 'Literal') check(node.source, node.source.value);
          },
          TSImportType(node) {
            const literal = 'source' in node ? node.source : node.argument?.literal;
            if (literal?.type === 'Literal') check(literal, literal.value);
          },
          CallExpression(node) {
            const [first] = node.arguments;
            if (
              node.callee.type === 'Identifier' &&
              node.callee.name === 'require' &&
              first?.type === 'Literal'
            )
              check(first, first.value);
          },
        };
      },
    },
  },
};

// The Electronegativity checks (https://github.com/doyensec/electronegativity) as syntax bans for every
// shipped folder; test/unit/electron/electron-review.test.ts proves each one fires.
export const electronReview = [
  [
    'NODE_INTEGRATION_JS_CHECK',
    'Property[key.name=/^nodeIntegration(InWorker|InSubFrames)?$/][value.value=true]',
  ],
  ['CONTEXT_ISOLATION_JS_CHECK', 'Property[key.name="contextIsolation"][value.value=false]'],
  ['SANDBOX_JS_CHECK', 'Property[key.name="sandbox"][value.value=false]'],
  ['WEB_SECURITY_JS_CHECK', 'Property[key.name="webSecurity"][value.value=false]'],
  [
    'ALLOW_RUNNING_INSECURE_CONTENT_JS_CHECK',
    'Property[key.name="allowRunningInsecureContent"][value.value=true]',
  ],
  ['EXPERIMENTAL_FEATURES_JS_CHECK', 'Property[key.name="experimentalFeatures"][value.value=true]'],
  ['BLINK_FEATURES_JS_CHECK', 'Identifier[name="enableBlinkFeatures"]'],
  ['WEBVIEW_TAG (in webPreferences)', 'Property[key.name="webviewTag"][value.value=true]'],
  [
    'REMOTE_MODULE_JS_CHECK',
    ':matches(ImportDeclaration[source.value=/^@electron.remote/], ImportExpression[source.value=/^@electron.remote/], Property[key.name="enableRemoteModule"], MemberExpression[property.name="remote"])',
  ],
  [
    'OPEN_EXTERNAL_JS_CHECK',
    ':matches(MemberExpression[object.name="shell"][property.name="openExternal"], CallExpression[callee.property.name="openPath"])',
  ],
  ['CERTIFICATE_ERROR_EVENT_JS_CHECK', 'Literal[value="certificate-error"]'],
  [
    'INSECURE_SWITCHES',
    ':matches(Literal[value=/ignore-certificate-errors|disable-web-security|allow-insecure-localhost/], TemplateElement[value.raw=/ignore-certificate-errors|disable-web-security|allow-insecure-localhost/])',
  ],
  ['DANGEROUS_FUNCTIONS_JS_CHECK', 'CallExpression[callee.property.name=/^(executeJavaScript|insertCSS)$/]'],
  [
    'XSS sink in the screens',
    ':matches(JSXAttribute[name.name="dangerouslySetInnerHTML"], AssignmentExpression[left.property.name=/^(innerHTML|outerHTML)$/], CallExpression[callee.object.name="document"][callee.property.name=/^(write|writeln)$/])',
  ],
  [
    'FILE_PROTOCOL (UI from file://)',
    ':matches(CallExpression[callee.property.name="loadFile"], CallExpression[callee.property.name="loadURL"] > Literal[value=/^file:/], CallExpression[callee.property.name="loadURL"] > TemplateLiteral > TemplateElement[value.raw=/^file:/])',
  ],
].map(([rule, selector]) => ({ selector, message: `Electron review: ${rule}.` }));

/** One error base (common/errors.ts): no other class extends the built-in errors. */
const oneErrorBase = {
  selector: 'ClassDeclaration[superClass.name=/^(Error|TypeError|RangeError|SyntaxError)$/]',
  message: 'Extend AppError (common/errors.ts), the one error base, so every error has a name and a cause.',
};

/** Globals a pure zone must not touch (Node's and the browser's). */
const PLATFORM_GLOBALS = [
  'process',
  'Buffer',
  '__dirname',
  '__filename',
  'require',
  'window',
  'document',
  'navigator',
  'localStorage',
  'sessionStorage',
].map((name) => ({ name, message: 'This zone is pure: no Node or browser globals.' }));

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'release/', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    files: ['**/*.{js,mjs,cjs,ts}'],
    ignores: ['renderer/src/**'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['**/*.{js,mjs,cjs,ts,tsx}'],
    plugins: { layers: layersPlugin },
    rules: { 'layers/zones': 'error', 'layers/no-silent-catch': 'error' },
  },
  {
    files: ['**/*.{js,mjs,cjs,ts,tsx}'],
    // The config itself names the banned switches; tests and benches drive fakes, not a shipped app.
    ignores: ['test/**', 'bench/**', 'eslint.config.js'],
    rules: { 'no-restricted-syntax': ['error', ...electronReview, oneErrorBase] },
  },
  {
    files: ['common/errors.ts'],
    rules: { 'no-restricted-syntax': ['error', ...electronReview] },
  },
  {
    files: zones.filter((zone) => zone.pure).map((zone) => `${zone.folder}**/*.{ts,tsx}`),
    rules: { 'no-restricted-globals': ['error', ...PLATFORM_GLOBALS] },
  },
  {
    // The central console and window pages: plain browser scripts served by central.
    files: ['central/fleet/pages/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
);
