import type { SessionSnapshot } from './sessions.js';
import type {
  AuthorizationRecord,
  CaptureRecord,
  CustomerTokenRecord,
  OrderRecord,
  RefundRecord,
} from './store.js';
import type { CompleteSessionData } from './types.js';

/**
 * How a snapshot (version 3) writes its many records: as tables, and every repeated value once.
 *
 * A table names its fields once (`columns`) and writes each record as a row of cells, one per
 * column. A cell in a column listed in `refs` is the index of a value in the snapshot's `values`
 * list; any string or object is written there once however many records hold it (a region, a
 * status, an id that three records refer to, order lines, an address, merchant URLs). A cell in
 * another column is the value itself (numbers, the lists records add to). A column listed in
 * `nested` holds records of its own, written as rows with the columns given there: a list of rows
 * (`list: true`, an order's captures) or one row (a session's data). `null`, or a row that ends
 * early, means the record has no such field.
 *
 *   "values": ["eu", "PK_EU_TEST", [{"type": "physical", …}], …],
 *   "orders": {"columns": ["orderId", "region", "orderAmount", …], "refs": ["orderId", "region", …],
 *              "nested": {"captures": {"list": true, "columns": […], "refs": […]}},
 *              "rows": [[5, 0, 24900, …], …]}
 *
 * Records whose values are equal share one object once loaded. That is safe because the emulator
 * replaces a record's lines, addresses or URLs, never edits them in place; the lists it does add
 * to (captures, refunds, shipping info) are always written as cells of their own. Writing shares
 * them the same way: a value equal to one already written is put in the record's place, so that
 * every later snapshot recognises it by identity instead of serialising it to compare.
 */

/** How one kind of record is written as a table and read back. */
export interface TableSpec {
  /** Every field the kind has, its always-present ones (`required`) first: the table's columns. */
  readonly fields: readonly string[];
  readonly required: readonly string[];
  /** Builds the `required` fields in one object literal (see `SESSION_TABLE`). */
  readonly build: (row: RowReader) => Record<string, unknown>;
  /** Lists the emulator adds to: each record keeps its own, so never a reference. */
  readonly unshared?: readonly string[];
  readonly nested?: Readonly<Record<string, { list: boolean; spec: TableSpec }>>;
}

/**
 * A kind's columns, its always-present (`required`) fields first, after a compile-time check that
 * the two lists name every field of `T`, so a field added to a record is not left out of snapshots
 * unnoticed.
 */
function columnsOf<T>() {
  return <const R extends readonly (keyof T & string)[], const O extends readonly (keyof T & string)[]>(
    required: R,
    optional: O &
      ([Exclude<keyof T, R[number] | O[number]>] extends [never]
        ? unknown
        : { missing: Exclude<keyof T, R[number] | O[number]> }),
  ): Pick<TableSpec, 'fields' | 'required'> => ({ fields: [...required, ...optional], required });
}

export interface TableColumns {
  columns: string[];
  refs: string[];
  nested?: Record<string, { list: boolean } & TableColumns>;
}

export interface Table extends TableColumns {
  rows: unknown[][];
}

/** The values tables refer to, each written once. */
export class ValuePool {
  readonly values: unknown[] = [];
  private readonly byObject = new Map<object, number>();
  private readonly byText = new Map<string, number>();
  private readonly byPrimitive = new Map<unknown, number>();

  /** The index of `value`; the value already pooled if an equal one was (see the module comment). */
  ref(value: unknown): number {
    if (typeof value !== 'object' || value === null) {
      let index = this.byPrimitive.get(value);
      if (index === undefined) {
        index = this.values.push(value) - 1;
        this.byPrimitive.set(value, index);
      }
      return index;
    }
    let index = this.byObject.get(value);
    if (index !== undefined) return index;
    const text = jsonOf(value);
    index = this.byText.get(text);
    if (index === undefined) {
      index = this.values.push(value) - 1;
      this.byText.set(text, index);
    }
    this.byObject.set(value, index);
    return index;
  }
}

/**
 * The JSON text of pooled objects, kept from one snapshot to the next: the objects are never edited
 * (see the module comment), and a value the records hold in many copies (a session's client token
 * parts) is then serialised once, not once per snapshot.
 */
const jsonTexts = new WeakMap<object, string>();

function jsonOf(value: object): string {
  let text = jsonTexts.get(value);
  if (text === undefined) {
    text = JSON.stringify(value);
    jsonTexts.set(value, text);
  }
  return text;
}

/** How many records show whether a column's strings repeat. */
const SAMPLE_SIZE = 64;

/**
 * Whether a column is worth pooling: it holds objects (each written once, and known by identity
 * after that), or strings that repeat. Strings that do not (ids, references) are written in place:
 * pooling them costs a lookup each and saves nothing. A small table pools all its strings.
 */
function worthPooling(rows: readonly unknown[][], column: number): boolean {
  const seen = new Set<unknown>();
  let count = 0;
  let strings = false;
  for (const row of rows) {
    const value = row[column];
    if (value === undefined) continue;
    if (typeof value === 'object') return true;
    if (typeof value === 'string') strings = true;
    seen.add(value);
    if (++count === SAMPLE_SIZE) break;
  }
  return strings && (count < SAMPLE_SIZE || seen.size <= count / 2);
}

/**
 * Writes `records` as a table. A pooled object replaces the record's own equal copy (the record is
 * changed: see the module comment).
 */
export function encodeTable(records: readonly object[], spec: TableSpec, pool: ValuePool): Table {
  const { fields } = spec;
  const rows = new Array<unknown[]>(records.length);
  for (let r = 0; r < records.length; r++) {
    const record = records[r] as Record<string, unknown>;
    const row = new Array<unknown>(fields.length);
    for (let i = 0; i < fields.length; i++) row[i] = record[fields[i] as string];
    rows[r] = row;
  }
  const refs: string[] = [];
  let nestedColumns: TableColumns['nested'];
  for (let i = 0; i < fields.length; i++) {
    const name = fields[i] as string;
    const nested = spec.nested?.[name];
    if (nested) {
      (nestedColumns ??= {})[name] = { list: nested.list, ...nestedRows(rows, i, nested, pool) };
    } else if (!spec.unshared?.includes(name) && worthPooling(rows, i)) {
      refs.push(name);
      for (let r = 0; r < rows.length; r++) {
        const row = rows[r] as unknown[];
        const value = row[i];
        if (value === undefined) continue;
        const index = pool.ref(value);
        const kept = pool.values[index];
        if (kept !== value) (records[r] as Record<string, unknown>)[name] = kept;
        row[i] = index;
      }
    }
  }
  // Absent fields at the end of a row are left out; the others are written as null.
  for (const row of rows) {
    let length = row.length;
    while (length > 0 && row[length - 1] === undefined) length--;
    row.length = length;
  }
  // Rows last, as `snapshotJsonChunks` writes them.
  const columns = [...fields];
  return nestedColumns ? { columns, refs, nested: nestedColumns, rows } : { columns, refs, rows };
}

/**
 * Writes the records column `column` holds (all rows' together, as one table) and puts each row's
 * share of that table's rows in the cell; returns the nested table's columns.
 */
function nestedRows(
  rows: unknown[][],
  column: number,
  nested: { list: boolean; spec: TableSpec },
  pool: ValuePool,
): TableColumns {
  const records: object[] = [];
  for (const row of rows) {
    const value = row[column];
    if (value === undefined) continue;
    if (nested.list) records.push(...(value as object[]));
    else records.push(value as object);
  }
  const { rows: innerRows, ...columns } = encodeTable(records, nested.spec, pool);
  let next = 0;
  for (const row of rows) {
    const value = row[column];
    if (value === undefined) continue;
    if (!nested.list) row[column] = innerRows[next++];
    else {
      const count = (value as object[]).length;
      row[column] = innerRows.slice(next, next + count);
      next += count;
    }
  }
  return columns;
}

// ---- reading ----------------------------------------------------------------------------------

/** A problem with a table; the caller turns it into a refusal naming `path`. */
export class TableError extends Error {
  constructor(
    readonly path: string,
    readonly expected: string,
  ) {
    super(`${path} must be ${expected}`);
  }
}

/** One row of a table while it is read: the cells of the current row by field name. */
export class RowReader {
  private row: unknown[] = [];
  private rowPath: () => string = () => '';
  private readonly indexOf = new Map<string, number>();
  private readonly cellKinds: ('value' | 'ref' | 'nested')[];
  private readonly nested: (NestedReader | undefined)[];
  /** Columns not built by the table's `build`, copied field by field. */
  private readonly others: number[];

  constructor(
    private readonly columns: readonly string[],
    refs: ReadonlySet<string>,
    nested: Map<string, NestedReader>,
    private readonly values: readonly unknown[],
    spec: TableSpec,
  ) {
    columns.forEach((name, index) => this.indexOf.set(name, index));
    this.cellKinds = columns.map((name) => (nested.has(name) ? 'nested' : refs.has(name) ? 'ref' : 'value'));
    this.nested = columns.map((name) => nested.get(name));
    this.others = [];
    columns.forEach((name, index) => {
      if (!spec.required.includes(name)) this.others.push(index);
    });
  }

  /** The record of `row`, whose path in the snapshot is `path()`. */
  read(row: unknown, path: () => string, spec: TableSpec): Record<string, unknown> {
    if (!Array.isArray(row) || row.length > this.columns.length) {
      throw new TableError(path(), `a row of at most ${this.columns.length} cells`);
    }
    this.row = row;
    this.rowPath = path;
    const record = spec.build(this);
    for (const index of this.others) {
      const value = this.cell(index);
      if (value !== undefined) record[this.columns[index] as string] = value;
    }
    return record;
  }

  /** The field `name` of the current row; `undefined` if absent. */
  get(name: string): unknown {
    const index = this.indexOf.get(name);
    return index === undefined ? undefined : this.cell(index);
  }

  private cell(index: number): unknown {
    const value = this.row[index];
    if (value === null || value === undefined) return undefined;
    switch (this.cellKinds[index]) {
      case 'value':
        return value;
      case 'ref':
        if (!Number.isInteger(value) || (value as number) < 0 || (value as number) >= this.values.length) {
          throw new TableError(this.fieldPath(index), 'the index of an entry in values');
        }
        return this.values[value as number];
      default: {
        const reader = this.nested[index] as NestedReader;
        const path = this.fieldPath(index);
        if (!reader.list) return reader.read(value, () => path);
        if (!Array.isArray(value)) throw new TableError(path, 'a list of rows');
        return value.map((row, i) => reader.read(row, () => `${path}[${i}]`));
      }
    }
  }

  private fieldPath(index: number): string {
    return `${this.rowPath()}.${this.columns[index] as string}`;
  }
}

interface NestedReader {
  list: boolean;
  read(row: unknown, path: () => string): Record<string, unknown>;
}

/** Names that would change an object's prototype rather than add a field to it. */
const FORBIDDEN_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

function isNameList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((name) => typeof name === 'string');
}

function readerFor(
  table: Record<string, unknown>,
  path: string,
  spec: TableSpec,
  values: readonly unknown[],
): RowReader {
  const { columns, refs, nested } = table;
  if (!isNameList(columns)) throw new TableError(`${path}.columns`, 'a list of field names');
  const forbidden = columns.find((name) => FORBIDDEN_NAMES.has(name));
  if (forbidden !== undefined) {
    throw new TableError(`${path}.columns`, `a list of field names without ${forbidden}`);
  }
  if (new Set(columns).size !== columns.length) {
    throw new TableError(`${path}.columns`, 'a list of distinct field names');
  }
  if (!isNameList(refs) || !refs.every((name) => columns.includes(name))) {
    throw new TableError(`${path}.refs`, 'a list of names from its columns');
  }
  const unshared = refs.find((name) => spec.unshared?.includes(name));
  if (unshared !== undefined) {
    throw new TableError(`${path}.refs`, `a list without ${unshared} (each record keeps its own)`);
  }
  const readers = new Map<string, NestedReader>();
  if (nested !== undefined) {
    if (typeof nested !== 'object' || nested === null || Array.isArray(nested)) {
      throw new TableError(`${path}.nested`, 'an object');
    }
    for (const [name, inner] of Object.entries(nested as Record<string, unknown>)) {
      const innerSpec = spec.nested?.[name];
      const innerPath = `${path}.nested.${name}`;
      if (!innerSpec || !columns.includes(name)) {
        throw new TableError(innerPath, 'absent (it is not a field with records of its own)');
      }
      if (
        typeof inner !== 'object' ||
        inner === null ||
        (inner as { list?: unknown }).list !== innerSpec.list
      ) {
        throw new TableError(`${innerPath}.list`, String(innerSpec.list));
      }
      const rows = readerFor(inner as Record<string, unknown>, innerPath, innerSpec.spec, values);
      readers.set(name, {
        list: innerSpec.list,
        read: (row, rowPath) => rows.read(row, rowPath, innerSpec.spec),
      });
    }
  }
  for (const name of Object.keys(spec.nested ?? {})) {
    if (columns.includes(name) && !readers.has(name)) {
      throw new TableError(`${path}.nested.${name}`, 'the columns of its records');
    }
  }
  return new RowReader(columns, new Set(refs), readers, values, spec);
}

/** The records of a table; throws `TableError` for a table that cannot be read. */
export function decodeTable(
  table: unknown,
  key: string,
  spec: TableSpec,
  values: readonly unknown[],
): Record<string, unknown>[] {
  if (typeof table !== 'object' || table === null || Array.isArray(table)) {
    throw new TableError(key, 'a list');
  }
  const rows = (table as { rows?: unknown }).rows;
  if (!Array.isArray(rows)) throw new TableError(`${key}.rows`, 'a list');
  const reader = readerFor(table as Record<string, unknown>, key, spec, values);
  const records = new Array<Record<string, unknown>>(rows.length);
  for (let i = 0; i < rows.length; i++) records[i] = reader.read(rows[i], () => `${key}[${i}]`, spec);
  return records;
}

// ---- the kinds of records written as tables ---------------------------------------------------

/*
 * Each kind's always-present fields are built in one object literal: records of one kind then share
 * one shape, and building them costs a fraction of setting each field by name.
 */

const SESSION_DATA_TABLE: TableSpec = {
  ...columnsOf<CompleteSessionData>()(
    ['purchase_country', 'purchase_currency', 'locale', 'order_amount', 'order_lines', 'intent'],
    [
      'order_tax_amount',
      'merchant_urls',
      'billing_address',
      'shipping_address',
      'merchant_reference1',
      'merchant_reference2',
      'merchant_data',
      'customer',
      'attachment',
      'options',
      'custom_payment_method_ids',
      'design',
      'step_up_id',
      'acquiring_channel',
    ],
  ),
  build: (row) => ({
    purchase_country: row.get('purchase_country'),
    purchase_currency: row.get('purchase_currency'),
    locale: row.get('locale'),
    order_amount: row.get('order_amount'),
    order_lines: row.get('order_lines'),
    intent: row.get('intent'),
  }),
};

export const SESSION_TABLE: TableSpec = {
  ...columnsOf<SessionSnapshot>()(
    ['id', 'region', 'merchantId', 'status', 'createdAt', 'updatedAt', 'expiresAt'],
    ['clientTokenParts', 'data', 'authorizationToken', 'dataText', 'clientToken', 'pendingFinalize'],
  ),
  build: (row) => ({
    id: row.get('id'),
    region: row.get('region'),
    merchantId: row.get('merchantId'),
    status: row.get('status'),
    createdAt: row.get('createdAt'),
    updatedAt: row.get('updatedAt'),
    expiresAt: row.get('expiresAt'),
  }),
  nested: { data: { list: false, spec: SESSION_DATA_TABLE } },
};

export const AUTHORIZATION_TABLE: TableSpec = {
  ...columnsOf<AuthorizationRecord>()(
    [
      'token',
      'sessionId',
      'region',
      'merchantId',
      'intent',
      'email',
      'paymentMethodCategory',
      'status',
      'createdAt',
      'expiresAt',
    ],
    ['orderId', 'customerTokenId', 'authorized'],
  ),
  build: (row) => ({
    token: row.get('token'),
    sessionId: row.get('sessionId'),
    region: row.get('region'),
    merchantId: row.get('merchantId'),
    intent: row.get('intent'),
    email: row.get('email'),
    paymentMethodCategory: row.get('paymentMethodCategory'),
    status: row.get('status'),
    createdAt: row.get('createdAt'),
    expiresAt: row.get('expiresAt'),
  }),
};

const CAPTURE_TABLE: TableSpec = {
  ...columnsOf<CaptureRecord>()(
    [
      'capture_id',
      'klarna_reference',
      'captured_amount',
      'captured_at',
      'order_lines',
      'refunded_amount',
      'shipping_info',
    ],
    ['description', 'billing_address', 'shipping_address', 'reference', 'dueDateExtensionDays'],
  ),
  build: (row) => ({
    capture_id: row.get('capture_id'),
    klarna_reference: row.get('klarna_reference'),
    captured_amount: row.get('captured_amount'),
    captured_at: row.get('captured_at'),
    order_lines: row.get('order_lines'),
    refunded_amount: row.get('refunded_amount'),
    shipping_info: row.get('shipping_info'),
  }),
  unshared: ['shipping_info'],
};

const REFUND_TABLE: TableSpec = {
  ...columnsOf<RefundRecord>()(
    ['refund_id', 'refunded_amount', 'refunded_at', 'order_lines'],
    ['description', 'reference'],
  ),
  build: (row) => ({
    refund_id: row.get('refund_id'),
    refunded_amount: row.get('refunded_amount'),
    refunded_at: row.get('refunded_at'),
    order_lines: row.get('order_lines'),
  }),
};

export const ORDER_TABLE: TableSpec = {
  ...columnsOf<OrderRecord>()(
    [
      'orderId',
      'region',
      'merchantId',
      'sessionId',
      'authorizationToken',
      'klarnaReference',
      'status',
      'fraudStatus',
      'purchaseCountry',
      'purchaseCurrency',
      'locale',
      'orderAmount',
      'originalOrderAmount',
      'orderTaxAmount',
      'capturedAmount',
      'refundedAmount',
      'orderLines',
      'merchantUrls',
      'initialPaymentMethod',
      'email',
      'createdAt',
      'expiresAt',
      'captures',
      'refunds',
      'shippingInfo',
    ],
    [
      'billingAddress',
      'shippingAddress',
      'merchantReference1',
      'customer',
      'merchantReference2',
      'merchantData',
      'customerTokenId',
    ],
  ),
  build: (row) => ({
    orderId: row.get('orderId'),
    region: row.get('region'),
    merchantId: row.get('merchantId'),
    sessionId: row.get('sessionId'),
    authorizationToken: row.get('authorizationToken'),
    klarnaReference: row.get('klarnaReference'),
    status: row.get('status'),
    fraudStatus: row.get('fraudStatus'),
    purchaseCountry: row.get('purchaseCountry'),
    purchaseCurrency: row.get('purchaseCurrency'),
    locale: row.get('locale'),
    orderAmount: row.get('orderAmount'),
    originalOrderAmount: row.get('originalOrderAmount'),
    orderTaxAmount: row.get('orderTaxAmount'),
    capturedAmount: row.get('capturedAmount'),
    refundedAmount: row.get('refundedAmount'),
    orderLines: row.get('orderLines'),
    merchantUrls: row.get('merchantUrls'),
    initialPaymentMethod: row.get('initialPaymentMethod'),
    email: row.get('email'),
    createdAt: row.get('createdAt'),
    expiresAt: row.get('expiresAt'),
    captures: row.get('captures'),
    refunds: row.get('refunds'),
    shippingInfo: row.get('shippingInfo'),
  }),
  unshared: ['shippingInfo'],
  nested: { captures: { list: true, spec: CAPTURE_TABLE }, refunds: { list: true, spec: REFUND_TABLE } },
};

export const CUSTOMER_TOKEN_TABLE: TableSpec = {
  ...columnsOf<CustomerTokenRecord>()(
    [
      'tokenId',
      'status',
      'region',
      'merchantId',
      'sessionId',
      'authorizationToken',
      'paymentMethodType',
      'paymentMethodReference',
      'purchaseCountry',
      'purchaseCurrency',
      'locale',
      'email',
      'createdAt',
    ],
    ['description', 'intendedUse', 'billingAddress', 'customer'],
  ),
  build: (row) => ({
    tokenId: row.get('tokenId'),
    status: row.get('status'),
    region: row.get('region'),
    merchantId: row.get('merchantId'),
    sessionId: row.get('sessionId'),
    authorizationToken: row.get('authorizationToken'),
    paymentMethodType: row.get('paymentMethodType'),
    paymentMethodReference: row.get('paymentMethodReference'),
    purchaseCountry: row.get('purchaseCountry'),
    purchaseCurrency: row.get('purchaseCurrency'),
    locale: row.get('locale'),
    email: row.get('email'),
    createdAt: row.get('createdAt'),
  }),
};
