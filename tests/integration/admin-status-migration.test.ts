/**
 * The migration that made a refund no status keeps existing orders right: an order marked REFUNDED
 * takes Klarna's status as last read, and the per-status counts (kept by triggers) follow it.
 * Replayed from the SQLite migration files on a scratch database.
 */
import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';

const MIGRATION = 'order_status_follows_klarna';
const migrations = path.resolve(import.meta.dirname, '../../prisma/sqlite/migrations');

function migrationSql(folder: string): string {
  return readFileSync(path.join(migrations, folder, 'migration.sql'), 'utf8');
}

describe(`migration ${MIGRATION}`, () => {
  test('orders marked REFUNDED take Klarna’s status; the status counts follow', () => {
    const folders = readdirSync(migrations, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    const index = folders.findIndex((folder) => folder.endsWith(`_${MIGRATION}`));
    expect(index).toBeGreaterThan(0);
    const db = new Database(':memory:');
    for (const folder of folders.slice(0, index)) db.exec(migrationSql(folder));

    const insert = db.prepare(
      `INSERT INTO "Order" ("id", "number", "accessKey", "email", "region", "country", "currency", "locale",
         "status", "klarnaStatus", "orderAmount", "taxAmount", "capturedAmount", "refundedAmount",
         "billingAddress", "shippingAddress", "updatedAt")
       VALUES (?, ?, ?, 'e@example.com', 'eu', 'SE', 'SEK', 'sv-SE', ?, ?, 164500, 32900, ?, ?, '{}', '{}',
         CURRENT_TIMESTAMP)`,
    );
    const rows = [
      { id: 'stranded', status: 'REFUNDED', klarnaStatus: 'PART_CAPTURED', captured: 44900, refunded: 44900 },
      {
        id: 'all-refunded',
        status: 'REFUNDED',
        klarnaStatus: 'CAPTURED',
        captured: 164500,
        refunded: 164500,
      },
      { id: 'released', status: 'REFUNDED', klarnaStatus: 'CLOSED', captured: 44900, refunded: 44900 },
      { id: 'never-read', status: 'REFUNDED', klarnaStatus: null, captured: 164500, refunded: 164500 },
      { id: 'open', status: 'AUTHORIZED', klarnaStatus: 'AUTHORIZED', captured: 0, refunded: 0 },
    ];
    for (const row of rows) {
      insert.run(row.id, row.id, row.id, row.status, row.klarnaStatus, row.captured, row.refunded);
    }

    db.exec(migrationSql(folders[index] ?? ''));

    const statuses = db.prepare('SELECT "id", "status", "refundedAmount" FROM "Order" ORDER BY "id"').all();
    expect(statuses).toEqual([
      { id: 'all-refunded', status: 'CAPTURED', refundedAmount: 164500 },
      { id: 'never-read', status: 'CAPTURED', refundedAmount: 164500 },
      { id: 'open', status: 'AUTHORIZED', refundedAmount: 0 },
      { id: 'released', status: 'CLOSED', refundedAmount: 44900 },
      { id: 'stranded', status: 'PART_CAPTURED', refundedAmount: 44900 },
    ]);
    expect(db.prepare('SELECT "status", "count" FROM "OrderStatusCount" ORDER BY "status"').all()).toEqual([
      { status: 'AUTHORIZED', count: 1 },
      { status: 'CAPTURED', count: 2 },
      { status: 'CLOSED', count: 1 },
      { status: 'PART_CAPTURED', count: 1 },
    ]);
    db.close();
  });
});
