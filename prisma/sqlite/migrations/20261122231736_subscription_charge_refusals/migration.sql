-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_SubscriptionCharge" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "subscriptionId" TEXT NOT NULL,
    "period" INTEGER NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "orderNumber" TEXT,
    "amount" INTEGER NOT NULL,
    "taxAmount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "firstAttemptAt" DATETIME,
    "refusals" INTEGER NOT NULL DEFAULT 0,
    "firstRefusedAt" DATETIME,
    "lastAttemptAt" DATETIME,
    "claimId" TEXT,
    "lastError" TEXT,
    "orderId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "SubscriptionCharge_subscriptionId_fkey" FOREIGN KEY ("subscriptionId") REFERENCES "Subscription" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SubscriptionCharge_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_SubscriptionCharge" ("amount", "attempts", "claimId", "createdAt", "currency", "dueAt", "firstAttemptAt", "id", "idempotencyKey", "lastAttemptAt", "lastError", "orderId", "orderNumber", "period", "status", "subscriptionId", "taxAmount", "updatedAt") SELECT "amount", "attempts", "claimId", "createdAt", "currency", "dueAt", "firstAttemptAt", "id", "idempotencyKey", "lastAttemptAt", "lastError", "orderId", "orderNumber", "period", "status", "subscriptionId", "taxAmount", "updatedAt" FROM "SubscriptionCharge";
DROP TABLE "SubscriptionCharge";
ALTER TABLE "new_SubscriptionCharge" RENAME TO "SubscriptionCharge";
CREATE UNIQUE INDEX "SubscriptionCharge_idempotencyKey_key" ON "SubscriptionCharge"("idempotencyKey");
CREATE UNIQUE INDEX "SubscriptionCharge_orderNumber_key" ON "SubscriptionCharge"("orderNumber");
CREATE INDEX "SubscriptionCharge_orderId_idx" ON "SubscriptionCharge"("orderId");
CREATE INDEX "SubscriptionCharge_status_updatedAt_idx" ON "SubscriptionCharge"("status", "updatedAt");
CREATE UNIQUE INDEX "SubscriptionCharge_subscriptionId_period_key" ON "SubscriptionCharge"("subscriptionId", "period");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

