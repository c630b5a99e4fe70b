-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "OrderStatus" ADD VALUE 'CLOSED';
ALTER TYPE "OrderStatus" ADD VALUE 'REFUNDED';

-- DropIndex
DROP INDEX "OrderEvent_idempotencyKey_key";

-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "actionLockId" TEXT,
ADD COLUMN     "actionLockedUntil" TIMESTAMP(3),
ADD COLUMN     "klarnaReference" TEXT,
ADD COLUMN     "klarnaStatus" TEXT,
ADD COLUMN     "merchantReference1" TEXT,
ADD COLUMN     "merchantReference2" TEXT,
ADD COLUMN     "syncedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "Capture" (
    "id" TEXT NOT NULL,
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
    "capturedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Capture_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Refund" (
    "id" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "klarnaRefundId" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "lines" TEXT NOT NULL,
    "description" TEXT,
    "idempotencyKey" TEXT,
    "actor" TEXT NOT NULL,
    "refundedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Refund_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrderStatusCount" (
    "status" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "OrderStatusCount_pkey" PRIMARY KEY ("status")
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

-- AddForeignKey
ALTER TABLE "Capture" ADD CONSTRAINT "Capture_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Refund" ADD CONSTRAINT "Refund_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Status counts for the admin list, kept exact by the database itself whichever code writes an
-- order. A migration that re-creates "Order" must re-create these triggers.
INSERT INTO "OrderStatusCount" ("status", "count")
SELECT "status"::text, COUNT(*) FROM "Order" GROUP BY "status";

CREATE FUNCTION "order_status_count"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE "OrderStatusCount" SET "count" = "count" - 1 WHERE "status" = OLD."status"::text;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO "OrderStatusCount" ("status", "count") VALUES (NEW."status"::text, 1)
        ON CONFLICT ("status") DO UPDATE SET "count" = "OrderStatusCount"."count" + 1;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER "Order_status_count_insert_delete" AFTER INSERT OR DELETE ON "Order"
FOR EACH ROW EXECUTE FUNCTION "order_status_count"();

CREATE TRIGGER "Order_status_count_update" AFTER UPDATE OF "status" ON "Order"
FOR EACH ROW WHEN (OLD."status" IS DISTINCT FROM NEW."status") EXECUTE FUNCTION "order_status_count"();
