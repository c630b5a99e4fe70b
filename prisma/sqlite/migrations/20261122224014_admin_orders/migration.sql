-- DropIndex
DROP INDEX "OrderEvent_idempotencyKey_key";

-- AlterTable
ALTER TABLE "Order" ADD COLUMN "actionLockId" TEXT;
ALTER TABLE "Order" ADD COLUMN "actionLockedUntil" DATETIME;
ALTER TABLE "Order" ADD COLUMN "klarnaReference" TEXT;
ALTER TABLE "Order" ADD COLUMN "klarnaStatus" TEXT;
ALTER TABLE "Order" ADD COLUMN "merchantReference1" TEXT;
ALTER TABLE "Order" ADD COLUMN "merchantReference2" TEXT;
ALTER TABLE "Order" ADD COLUMN "syncedAt" DATETIME;

-- CreateTable
CREATE TABLE "Capture" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orderId" TEXT NOT NULL,
    "klarnaCaptureId" TEXT NOT NULL,
    "klarnaReference" TEXT,
    "amount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "lines" TEXT NOT NULL,
    "shippingInfo" TEXT,
    "description" TEXT,
    "idempotencyKey" TEXT,
    "actor" TEXT NOT NULL,
    "capturedAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Capture_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Refund" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orderId" TEXT NOT NULL,
    "klarnaRefundId" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "lines" TEXT NOT NULL,
    "description" TEXT,
    "idempotencyKey" TEXT,
    "actor" TEXT NOT NULL,
    "refundedAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Refund_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OrderStatusCount" (
    "status" TEXT NOT NULL PRIMARY KEY,
    "count" INTEGER NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "Capture_klarnaCaptureId_key" ON "Capture"("klarnaCaptureId");

-- CreateIndex
CREATE UNIQUE INDEX "Capture_idempotencyKey_key" ON "Capture"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Capture_orderId_capturedAt_idx" ON "Capture"("orderId", "capturedAt");

-- CreateIndex
CREATE INDEX "Capture_capturedAt_currency_amount_idx" ON "Capture"("capturedAt", "currency", "amount");

-- CreateIndex
CREATE UNIQUE INDEX "Refund_klarnaRefundId_key" ON "Refund"("klarnaRefundId");

-- CreateIndex
CREATE UNIQUE INDEX "Refund_idempotencyKey_key" ON "Refund"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Refund_orderId_refundedAt_idx" ON "Refund"("orderId", "refundedAt");

-- CreateIndex
CREATE INDEX "Order_createdAt_id_idx" ON "Order"("createdAt", "id");

-- CreateIndex
CREATE INDEX "Order_fraudStatus_createdAt_idx" ON "Order"("fraudStatus", "createdAt");

-- CreateIndex
CREATE INDEX "Order_status_authorizationExpiresAt_idx" ON "Order"("status", "authorizationExpiresAt");

-- CreateIndex
CREATE INDEX "Order_orderAmount_id_idx" ON "Order"("orderAmount", "id");

-- CreateIndex
CREATE INDEX "Order_status_orderAmount_idx" ON "Order"("status", "orderAmount");

-- CreateIndex
CREATE INDEX "Order_email_idx" ON "Order"("email");

-- CreateIndex
CREATE INDEX "Order_merchantReference1_idx" ON "Order"("merchantReference1");

-- CreateIndex
CREATE INDEX "Order_merchantReference2_idx" ON "Order"("merchantReference2");

-- CreateIndex
CREATE INDEX "Order_placedAt_currency_orderAmount_idx" ON "Order"("placedAt", "currency", "orderAmount");

-- CreateIndex
CREATE INDEX "OrderEvent_idempotencyKey_idx" ON "OrderEvent"("idempotencyKey");


-- Status counts for the admin list, kept exact by the database itself whichever code writes an
-- order. SQLite drops a table's triggers with the table: a migration that re-creates "Order"
-- (Prisma's RedefineTables) must re-create these three.
INSERT INTO "OrderStatusCount" ("status", "count")
SELECT "status", COUNT(*) FROM "Order" GROUP BY "status";

CREATE TRIGGER "Order_status_count_insert" AFTER INSERT ON "Order"
BEGIN
    INSERT INTO "OrderStatusCount" ("status", "count") VALUES (NEW."status", 1)
    ON CONFLICT ("status") DO UPDATE SET "count" = "count" + 1;
END;

CREATE TRIGGER "Order_status_count_update" AFTER UPDATE OF "status" ON "Order"
WHEN OLD."status" IS NOT NEW."status"
BEGIN
    UPDATE "OrderStatusCount" SET "count" = "count" - 1 WHERE "status" = OLD."status";
    INSERT INTO "OrderStatusCount" ("status", "count") VALUES (NEW."status", 1)
    ON CONFLICT ("status") DO UPDATE SET "count" = "count" + 1;
END;

CREATE TRIGGER "Order_status_count_delete" AFTER DELETE ON "Order"
BEGIN
    UPDATE "OrderStatusCount" SET "count" = "count" - 1 WHERE "status" = OLD."status";
END;
