-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_OrderEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orderId" TEXT,
    "paymentSessionId" TEXT,
    "type" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "amount" INTEGER,
    "idempotencyKey" TEXT,
    "correlationId" TEXT,
    "message" TEXT,
    "replays" INTEGER NOT NULL DEFAULT 0,
    "lastReplayAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "OrderEvent_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "OrderEvent_paymentSessionId_fkey" FOREIGN KEY ("paymentSessionId") REFERENCES "PaymentSession" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_OrderEvent" ("actor", "amount", "correlationId", "createdAt", "id", "idempotencyKey", "message", "orderId", "outcome", "paymentSessionId", "type") SELECT "actor", "amount", "correlationId", "createdAt", "id", "idempotencyKey", "message", "orderId", "outcome", "paymentSessionId", "type" FROM "OrderEvent";
DROP TABLE "OrderEvent";
ALTER TABLE "new_OrderEvent" RENAME TO "OrderEvent";
CREATE INDEX "OrderEvent_orderId_createdAt_idx" ON "OrderEvent"("orderId", "createdAt");
CREATE INDEX "OrderEvent_paymentSessionId_createdAt_idx" ON "OrderEvent"("paymentSessionId", "createdAt");
CREATE INDEX "OrderEvent_idempotencyKey_idx" ON "OrderEvent"("idempotencyKey");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

