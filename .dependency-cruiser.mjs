// The layering rules of design.md ("Folder layout"), checked by `npm run lint` (dependency-cruiser
// reads the imports of app/, components/ and lib/, type-only imports included):
//
//   route/page → action → flow use-case (lib/checkout, lib/order-admin, lib/subscriptions)
//              → lib/klarna + lib/data → Prisma
//
// dependency-cruiser sees imports only. What it checks for "only lib/klarna speaks HTTP to Klarna":
// nothing outside lib/klarna imports the Klarna client module or an HTTP client library (undici,
// node:http, node:https). A call to the global fetch() is no import, so it is out of its sight.
//
// Violations that existed when a rule was written are listed in
// .dependency-cruiser-known-violations.json (`depcruise --ignore-known`); a new one fails lint.
// Regenerate that list only to shrink it: `npx depcruise app lib components --output-type baseline
// > .dependency-cruiser-known-violations.json`.

/** The use-case folders, one per flow. */
const FLOWS = '^lib/(checkout|order-admin|subscriptions)/';

/** The pure helpers and configuration at the root of lib/ that any layer may import. */
const PURE_HELPERS =
  '^lib/(money|markets|market-routing|order-lines|subscription-(plans|schedule|basket)|time|secrets|cache|database-url|password|env|result)\\.ts$';

/** Prisma: the client (lib/db.ts) and everything generated from the schema, types included. */
const PRISMA = '^lib/(db\\.ts$|generated/)';

/** @type {import('dependency-cruiser').IConfiguration} */
const config = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'An import circle (flows included: lib/checkout ↔ lib/subscriptions) ties modules into one ' +
        'knot that can only be read, tested and changed together. Pass a value in, or move the ' +
        'shared part down a layer.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'only-data-layer-uses-prisma',
      severity: 'error',
      comment:
        'lib/data is the only Prisma caller: pages, components, actions, flows and lib/klarna read ' +
        'and write through lib/data, which hands out typed DTOs (re-export an enum type from a data ' +
        'file when a caller needs it).',
      from: { path: '^(app|components|lib)/', pathNot: ['^lib/data/', PRISMA] },
      to: { path: PRISMA },
    },
    {
      name: 'data-layer-imports-nothing-above-it',
      severity: 'error',
      comment:
        'lib/data imports only Prisma, other lib/data files, lib/validations and the pure helpers ' +
        'at the root of lib/. A value a flow knows is passed in; a pure function a data file ' +
        'needs moves down.',
      from: { path: '^lib/data/' },
      to: {
        path: '^(app|components|lib)/',
        pathNot: ['^lib/data/', PRISMA, '^lib/validations/', PURE_HELPERS],
      },
    },
    {
      name: 'klarna-adapter-is-a-leaf',
      severity: 'error',
      comment:
        'lib/klarna speaks HTTP to Klarna and knows nothing of the shop: it imports no flow, data, ' +
        'action, page or component.',
      from: { path: '^lib/klarna/' },
      to: {
        path: '^(app|components|lib)/',
        pathNot: ['^lib/klarna/', PURE_HELPERS],
      },
    },
    {
      name: 'only-klarna-adapter-speaks-http',
      severity: 'error',
      comment:
        'Only lib/klarna talks to Klarna: its client module is private to it (use the functions ' +
        'lib/klarna/index.ts exports), and no other module imports an HTTP client library. ' +
        'lib/client-address.ts reads incoming requests (node:http types), it sends none.',
      from: { path: '^(app|components|lib)/', pathNot: ['^lib/klarna/', '^lib/client-address\\.ts$'] },
      to: { path: ['^lib/klarna/client\\.ts$', '^(node:)?https?$', '^undici($|/)'] },
    },
    {
      name: 'routes-use-flows-not-the-klarna-adapter',
      severity: 'error',
      comment:
        'Pages, route handlers and components reach Klarna through a flow (lib/checkout, ' +
        'lib/order-admin, lib/subscriptions) or an action, never through lib/klarna itself.',
      from: { path: '^(app|components)/' },
      to: { path: '^lib/klarna/' },
    },
    {
      name: 'flows-do-not-import-actions-or-routes',
      severity: 'error',
      comment:
        "A flow's use-cases are called by actions and route handlers; they never call back up " +
        'into lib/actions, app/ or components/.',
      from: { path: [FLOWS, '^lib/klarna/'] },
      to: { path: '^(app|components|lib/actions)/' },
    },
    {
      name: 'flows-depend-one-way',
      severity: 'error',
      comment:
        'Checkout sells subscriptions, so it may use lib/subscriptions (plans, basket, schedule); ' +
        'nothing flows back: subscriptions and order admin import no other flow, and checkout no ' +
        'order admin. Jobs that need two flows compose them in their entry point.',
      from: { path: '^lib/(subscriptions|order-admin)/' },
      to: { path: FLOWS, pathNot: '^lib/$1/' },
    },
    {
      name: 'checkout-does-not-import-order-admin',
      severity: 'error',
      comment: 'Order admin works on placed orders; checkout never reaches into it.',
      from: { path: '^lib/checkout/' },
      to: { path: '^lib/order-admin/' },
    },
    {
      name: 'components-do-not-import-routes',
      severity: 'error',
      comment: 'Components are shared by routes; a route is never imported.',
      from: { path: '^(components|lib)/' },
      to: { path: '^app/' },
    },
  ],
  options: {
    // Tests may set up databases and fake Klarna: the rules are for the product's own modules.
    exclude: { path: '\\.test\\.tsx?$' },
    doNotFollow: { path: ['node_modules', '^lib/generated/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    cache: { folder: 'node_modules/.cache/dependency-cruiser', strategy: 'content' },
  },
};

export default config;
