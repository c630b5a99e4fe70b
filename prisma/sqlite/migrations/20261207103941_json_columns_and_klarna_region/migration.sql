-- Addresses, Klarna payloads and recorded lines become JSON columns, and region the KlarnaRegion
-- enum (TEXT in SQLite, as before). SQLite cannot change a column's type, so each table is
-- re-created and its rows copied as they are: the JSON text and the region strings ('eu', 'na',
-- 'oc') are already what the new columns hold.

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Capture" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orderId" TEXT NOT NULL,
    "klarnaCaptureId" TEXT NOT NULL,
    "klarnaReference" TEXT,
    "amount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "lines" JSONB NOT NULL,
    "shippingInfo" JSONB,
    "description" TEXT,
    "idempotencyKey" TEXT,
    "actor" TEXT NOT NULL,
    "capturedAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Capture_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Capture" ("actor", "amount", "capturedAt", "createdAt", "currency", "description", "id", "idempotencyKey", "klarnaCaptureId", "klarnaReference", "lines", "orderId", "shippingInfo") SELECT "actor", "amount", "capturedAt", "createdAt", "currency", "description", "id", "idempotencyKey", "klarnaCaptureId", "klarnaReference", "lines", "orderId", "shippingInfo" FROM "Capture";
DROP TABLE "Capture";
ALTER TABLE "new_Capture" RENAME TO "Capture";
CREATE UNIQUE INDEX "Capture_klarnaCaptureId_key" ON "Capture"("klarnaCaptureId");
CREATE UNIQUE INDEX "Capture_idempotencyKey_key" ON "Capture"("idempotencyKey");
CREATE INDEX "Capture_orderId_capturedAt_idx" ON "Capture"("orderId", "capturedAt");
CREATE INDEX "Capture_capturedAt_currency_amount_idx" ON "Capture"("capturedAt", "currency", "amount");
CREATE TABLE "new_CustomerToken" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "cartId" TEXT NOT NULL,
    "paymentSessionId" TEXT NOT NULL,
    "authorizationToken" TEXT NOT NULL,
    "originOrderId" TEXT,
    "klarnaTokenId" TEXT,
    "claimId" TEXT,
    "status" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "country" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "paymentMethodDescription" TEXT,
    "billingAddress" JSONB NOT NULL,
    "shippingAddress" JSONB NOT NULL,
    "statusReason" TEXT,
    "checkedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "CustomerToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "CustomerToken_cartId_fkey" FOREIGN KEY ("cartId") REFERENCES "Cart" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "CustomerToken_paymentSessionId_fkey" FOREIGN KEY ("paymentSessionId") REFERENCES "PaymentSession" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "CustomerToken_originOrderId_fkey" FOREIGN KEY ("originOrderId") REFERENCES "Order" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_CustomerToken" ("authorizationToken", "billingAddress", "cartId", "checkedAt", "claimId", "country", "createdAt", "currency", "id", "klarnaTokenId", "locale", "originOrderId", "paymentMethodDescription", "paymentSessionId", "region", "shippingAddress", "status", "statusReason", "updatedAt", "userId") SELECT "authorizationToken", "billingAddress", "cartId", "checkedAt", "claimId", "country", "createdAt", "currency", "id", "klarnaTokenId", "locale", "originOrderId", "paymentMethodDescription", "paymentSessionId", "region", "shippingAddress", "status", "statusReason", "updatedAt", "userId" FROM "CustomerToken";
DROP TABLE "CustomerToken";
ALTER TABLE "new_CustomerToken" RENAME TO "CustomerToken";
CREATE UNIQUE INDEX "CustomerToken_cartId_key" ON "CustomerToken"("cartId");
CREATE UNIQUE INDEX "CustomerToken_paymentSessionId_key" ON "CustomerToken"("paymentSessionId");
CREATE UNIQUE INDEX "CustomerToken_authorizationToken_key" ON "CustomerToken"("authorizationToken");
CREATE UNIQUE INDEX "CustomerToken_originOrderId_key" ON "CustomerToken"("originOrderId");
CREATE UNIQUE INDEX "CustomerToken_klarnaTokenId_key" ON "CustomerToken"("klarnaTokenId");
CREATE INDEX "CustomerToken_userId_idx" ON "CustomerToken"("userId");
CREATE INDEX "CustomerToken_status_updatedAt_idx" ON "CustomerToken"("status", "updatedAt");
CREATE TABLE "new_Order" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "number" TEXT NOT NULL,
    "accessKey" TEXT NOT NULL,
    "cartId" TEXT,
    "paymentSessionId" TEXT,
    "userId" TEXT,
    "email" TEXT NOT NULL,
    "authorizationToken" TEXT,
    "klarnaOrderId" TEXT,
    "claimId" TEXT,
    "region" TEXT NOT NULL,
    "country" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "fraudStatus" TEXT,
    "orderAmount" INTEGER NOT NULL,
    "taxAmount" INTEGER NOT NULL,
    "capturedAmount" INTEGER NOT NULL DEFAULT 0,
    "refundedAmount" INTEGER NOT NULL DEFAULT 0,
    "authorizationExpiresAt" DATETIME,
    "billingAddress" JSONB NOT NULL,
    "shippingAddress" JSONB NOT NULL,
    "placedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "klarnaStatus" TEXT,
    "klarnaReference" TEXT,
    "merchantReference1" TEXT,
    "merchantReference2" TEXT,
    "syncedAt" DATETIME,
    "actionLockId" TEXT,
    "actionLockedUntil" DATETIME,
    "subscriptionId" TEXT,
    "subscriptionPeriod" INTEGER,
    CONSTRAINT "Order_cartId_fkey" FOREIGN KEY ("cartId") REFERENCES "Cart" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Order_paymentSessionId_fkey" FOREIGN KEY ("paymentSessionId") REFERENCES "PaymentSession" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Order_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Order_subscriptionId_fkey" FOREIGN KEY ("subscriptionId") REFERENCES "Subscription" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Order" ("accessKey", "actionLockId", "actionLockedUntil", "authorizationExpiresAt", "authorizationToken", "billingAddress", "capturedAmount", "cartId", "claimId", "country", "createdAt", "currency", "email", "fraudStatus", "id", "klarnaOrderId", "klarnaReference", "klarnaStatus", "locale", "merchantReference1", "merchantReference2", "number", "orderAmount", "paymentSessionId", "placedAt", "refundedAmount", "region", "shippingAddress", "status", "subscriptionId", "subscriptionPeriod", "syncedAt", "taxAmount", "updatedAt", "userId") SELECT "accessKey", "actionLockId", "actionLockedUntil", "authorizationExpiresAt", "authorizationToken", "billingAddress", "capturedAmount", "cartId", "claimId", "country", "createdAt", "currency", "email", "fraudStatus", "id", "klarnaOrderId", "klarnaReference", "klarnaStatus", "locale", "merchantReference1", "merchantReference2", "number", "orderAmount", "paymentSessionId", "placedAt", "refundedAmount", "region", "shippingAddress", "status", "subscriptionId", "subscriptionPeriod", "syncedAt", "taxAmount", "updatedAt", "userId" FROM "Order";
DROP TABLE "Order";
ALTER TABLE "new_Order" RENAME TO "Order";
CREATE UNIQUE INDEX "Order_number_key" ON "Order"("number");
CREATE UNIQUE INDEX "Order_accessKey_key" ON "Order"("accessKey");
CREATE UNIQUE INDEX "Order_cartId_key" ON "Order"("cartId");
CREATE UNIQUE INDEX "Order_paymentSessionId_key" ON "Order"("paymentSessionId");
CREATE UNIQUE INDEX "Order_authorizationToken_key" ON "Order"("authorizationToken");
CREATE UNIQUE INDEX "Order_klarnaOrderId_key" ON "Order"("klarnaOrderId");
CREATE INDEX "Order_userId_createdAt_idx" ON "Order"("userId", "createdAt");
CREATE INDEX "Order_status_createdAt_idx" ON "Order"("status", "createdAt");
CREATE INDEX "Order_createdAt_id_idx" ON "Order"("createdAt", "id");
CREATE INDEX "Order_fraudStatus_createdAt_idx" ON "Order"("fraudStatus", "createdAt");
CREATE INDEX "Order_status_authorizationExpiresAt_idx" ON "Order"("status", "authorizationExpiresAt");
CREATE INDEX "Order_orderAmount_id_idx" ON "Order"("orderAmount", "id");
CREATE INDEX "Order_status_orderAmount_idx" ON "Order"("status", "orderAmount");
CREATE INDEX "Order_email_idx" ON "Order"("email");
CREATE INDEX "Order_merchantReference1_idx" ON "Order"("merchantReference1");
CREATE INDEX "Order_merchantReference2_idx" ON "Order"("merchantReference2");
CREATE INDEX "Order_placedAt_currency_orderAmount_idx" ON "Order"("placedAt", "currency", "orderAmount");
CREATE UNIQUE INDEX "Order_subscriptionId_subscriptionPeriod_key" ON "Order"("subscriptionId", "subscriptionPeriod");
-- Dropping the old table dropped its triggers, which keep "OrderStatusCount" exact
-- (admin_orders migration): re-create them. The copied rows kept their statuses, so the counts hold.
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
CREATE TABLE "new_PaymentSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "cartId" TEXT NOT NULL,
    "klarnaSessionId" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "intent" TEXT NOT NULL,
    "purchaseCountry" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "linesPayload" JSONB NOT NULL,
    "orderAmount" INTEGER NOT NULL,
    "taxAmount" INTEGER NOT NULL,
    "clientToken" TEXT NOT NULL,
    "callbackSecret" TEXT NOT NULL,
    "customer" JSONB,
    "expiresAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "PaymentSession_cartId_fkey" FOREIGN KEY ("cartId") REFERENCES "Cart" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_PaymentSession" ("callbackSecret", "cartId", "clientToken", "createdAt", "currency", "customer", "expiresAt", "id", "intent", "klarnaSessionId", "linesPayload", "locale", "orderAmount", "purchaseCountry", "region", "taxAmount", "updatedAt") SELECT "callbackSecret", "cartId", "clientToken", "createdAt", "currency", "customer", "expiresAt", "id", "intent", "klarnaSessionId", "linesPayload", "locale", "orderAmount", "purchaseCountry", "region", "taxAmount", "updatedAt" FROM "PaymentSession";
DROP TABLE "PaymentSession";
ALTER TABLE "new_PaymentSession" RENAME TO "PaymentSession";
CREATE UNIQUE INDEX "PaymentSession_klarnaSessionId_key" ON "PaymentSession"("klarnaSessionId");
CREATE INDEX "PaymentSession_cartId_createdAt_idx" ON "PaymentSession"("cartId", "createdAt");
CREATE TABLE "new_Refund" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orderId" TEXT NOT NULL,
    "klarnaRefundId" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "lines" JSONB NOT NULL,
    "description" TEXT,
    "idempotencyKey" TEXT,
    "actor" TEXT NOT NULL,
    "refundedAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Refund_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Refund" ("actor", "amount", "createdAt", "currency", "description", "id", "idempotencyKey", "klarnaRefundId", "lines", "orderId", "refundedAt") SELECT "actor", "amount", "createdAt", "currency", "description", "id", "idempotencyKey", "klarnaRefundId", "lines", "orderId", "refundedAt" FROM "Refund";
DROP TABLE "Refund";
ALTER TABLE "new_Refund" RENAME TO "Refund";
CREATE UNIQUE INDEX "Refund_klarnaRefundId_key" ON "Refund"("klarnaRefundId");
CREATE UNIQUE INDEX "Refund_idempotencyKey_key" ON "Refund"("idempotencyKey");
CREATE INDEX "Refund_orderId_refundedAt_idx" ON "Refund"("orderId", "refundedAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

