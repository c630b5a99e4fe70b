-- CreateTable
CREATE TABLE "CustomerToken" (
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
    "billingAddress" TEXT NOT NULL,
    "shippingAddress" TEXT NOT NULL,
    "statusReason" TEXT,
    "checkedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "CustomerToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "CustomerToken_cartId_fkey" FOREIGN KEY ("cartId") REFERENCES "Cart" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "CustomerToken_paymentSessionId_fkey" FOREIGN KEY ("paymentSessionId") REFERENCES "PaymentSession" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "CustomerToken_originOrderId_fkey" FOREIGN KEY ("originOrderId") REFERENCES "Order" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Subscription" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "customerTokenId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "interval" TEXT NOT NULL,
    "intervalCount" INTEGER NOT NULL DEFAULT 1,
    "quantity" INTEGER NOT NULL,
    "unitAmount" INTEGER NOT NULL,
    "taxRate" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "country" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "anchorAt" DATETIME NOT NULL,
    "trialEndsAt" DATETIME,
    "nextPeriod" INTEGER NOT NULL,
    "nextChargeAt" DATETIME NOT NULL,
    "nextAttemptAt" DATETIME,
    "leaseId" TEXT,
    "leaseUntil" DATETIME,
    "statusReason" TEXT,
    "cancelledAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Subscription_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Subscription_customerTokenId_fkey" FOREIGN KEY ("customerTokenId") REFERENCES "CustomerToken" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Subscription_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SubscriptionCharge" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "subscriptionId" TEXT NOT NULL,
    "period" INTEGER NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "orderNumber" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "taxAmount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "firstAttemptAt" DATETIME,
    "lastAttemptAt" DATETIME,
    "claimId" TEXT,
    "lastError" TEXT,
    "orderId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "SubscriptionCharge_subscriptionId_fkey" FOREIGN KEY ("subscriptionId") REFERENCES "Subscription" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SubscriptionCharge_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SubscriptionChargeAttempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "chargeId" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "errorCode" TEXT,
    "message" TEXT,
    "correlationId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SubscriptionChargeAttempt_chargeId_fkey" FOREIGN KEY ("chargeId") REFERENCES "SubscriptionCharge" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
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
    "billingAddress" TEXT NOT NULL,
    "shippingAddress" TEXT NOT NULL,
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
INSERT INTO "new_Order" ("accessKey", "actionLockId", "actionLockedUntil", "authorizationExpiresAt", "authorizationToken", "billingAddress", "capturedAmount", "cartId", "claimId", "country", "createdAt", "currency", "email", "fraudStatus", "id", "klarnaOrderId", "klarnaReference", "klarnaStatus", "locale", "merchantReference1", "merchantReference2", "number", "orderAmount", "paymentSessionId", "placedAt", "refundedAmount", "region", "shippingAddress", "status", "syncedAt", "taxAmount", "updatedAt", "userId") SELECT "accessKey", "actionLockId", "actionLockedUntil", "authorizationExpiresAt", "authorizationToken", "billingAddress", "capturedAmount", "cartId", "claimId", "country", "createdAt", "currency", "email", "fraudStatus", "id", "klarnaOrderId", "klarnaReference", "klarnaStatus", "locale", "merchantReference1", "merchantReference2", "number", "orderAmount", "paymentSessionId", "placedAt", "refundedAmount", "region", "shippingAddress", "status", "syncedAt", "taxAmount", "updatedAt", "userId" FROM "Order";
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
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "CustomerToken_cartId_key" ON "CustomerToken"("cartId");

-- CreateIndex
CREATE UNIQUE INDEX "CustomerToken_paymentSessionId_key" ON "CustomerToken"("paymentSessionId");

-- CreateIndex
CREATE UNIQUE INDEX "CustomerToken_authorizationToken_key" ON "CustomerToken"("authorizationToken");

-- CreateIndex
CREATE UNIQUE INDEX "CustomerToken_originOrderId_key" ON "CustomerToken"("originOrderId");

-- CreateIndex
CREATE UNIQUE INDEX "CustomerToken_klarnaTokenId_key" ON "CustomerToken"("klarnaTokenId");

-- CreateIndex
CREATE INDEX "CustomerToken_userId_idx" ON "CustomerToken"("userId");

-- CreateIndex
CREATE INDEX "CustomerToken_status_updatedAt_idx" ON "CustomerToken"("status", "updatedAt");

-- CreateIndex
CREATE INDEX "Subscription_status_nextAttemptAt_idx" ON "Subscription"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "Subscription_userId_createdAt_idx" ON "Subscription"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "Subscription_customerTokenId_idx" ON "Subscription"("customerTokenId");

-- CreateIndex
CREATE INDEX "Subscription_createdAt_id_idx" ON "Subscription"("createdAt", "id");

-- CreateIndex
CREATE UNIQUE INDEX "SubscriptionCharge_idempotencyKey_key" ON "SubscriptionCharge"("idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "SubscriptionCharge_orderNumber_key" ON "SubscriptionCharge"("orderNumber");

-- CreateIndex
CREATE INDEX "SubscriptionCharge_orderId_idx" ON "SubscriptionCharge"("orderId");

-- CreateIndex
CREATE INDEX "SubscriptionCharge_status_updatedAt_idx" ON "SubscriptionCharge"("status", "updatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "SubscriptionCharge_subscriptionId_period_key" ON "SubscriptionCharge"("subscriptionId", "period");

-- CreateIndex
CREATE INDEX "SubscriptionChargeAttempt_chargeId_createdAt_idx" ON "SubscriptionChargeAttempt"("chargeId", "createdAt");



-- "Order" was re-created above (RedefineTables), and SQLite dropped its status-count triggers with
-- the old table: re-create them exactly as the admin_orders migration made them. The counts in
-- "OrderStatusCount" are unchanged (copying rows into new_Order fired no trigger).
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
