-- CreateEnum
CREATE TYPE "CustomerTokenStatus" AS ENUM ('CREATING', 'ACTIVE', 'SUSPENDED', 'CANCELLED', 'FAILED', 'NEEDS_REVIEW');

-- CreateEnum
CREATE TYPE "SubscriptionStatus" AS ENUM ('ACTIVE', 'PAST_DUE', 'SUSPENDED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "SubscriptionChargeStatus" AS ENUM ('CHARGING', 'SUCCEEDED', 'FAILED', 'ABANDONED', 'NEEDS_REVIEW');

-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "subscriptionId" TEXT,
ADD COLUMN     "subscriptionPeriod" INTEGER,
ALTER COLUMN "cartId" DROP NOT NULL,
ALTER COLUMN "paymentSessionId" DROP NOT NULL,
ALTER COLUMN "authorizationToken" DROP NOT NULL;

-- CreateTable
CREATE TABLE "CustomerToken" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "cartId" TEXT NOT NULL,
    "paymentSessionId" TEXT NOT NULL,
    "authorizationToken" TEXT NOT NULL,
    "originOrderId" TEXT,
    "klarnaTokenId" TEXT,
    "claimId" TEXT,
    "status" "CustomerTokenStatus" NOT NULL,
    "region" TEXT NOT NULL,
    "country" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "paymentMethodDescription" TEXT,
    "billingAddress" TEXT NOT NULL,
    "shippingAddress" TEXT NOT NULL,
    "statusReason" TEXT,
    "checkedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CustomerToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Subscription" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "customerTokenId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "interval" "BillingInterval" NOT NULL,
    "intervalCount" INTEGER NOT NULL DEFAULT 1,
    "quantity" INTEGER NOT NULL,
    "unitAmount" INTEGER NOT NULL,
    "taxRate" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "country" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "status" "SubscriptionStatus" NOT NULL,
    "anchorAt" TIMESTAMP(3) NOT NULL,
    "trialEndsAt" TIMESTAMP(3),
    "nextPeriod" INTEGER NOT NULL,
    "nextChargeAt" TIMESTAMP(3) NOT NULL,
    "nextAttemptAt" TIMESTAMP(3),
    "leaseId" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "statusReason" TEXT,
    "cancelledAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Subscription_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SubscriptionCharge" (
    "id" TEXT NOT NULL,
    "subscriptionId" TEXT NOT NULL,
    "period" INTEGER NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "orderNumber" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "taxAmount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "status" "SubscriptionChargeStatus" NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "firstAttemptAt" TIMESTAMP(3),
    "lastAttemptAt" TIMESTAMP(3),
    "claimId" TEXT,
    "lastError" TEXT,
    "orderId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SubscriptionCharge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SubscriptionChargeAttempt" (
    "id" TEXT NOT NULL,
    "chargeId" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "outcome" "EventOutcome" NOT NULL,
    "errorCode" TEXT,
    "message" TEXT,
    "correlationId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SubscriptionChargeAttempt_pkey" PRIMARY KEY ("id")
);

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

-- CreateIndex
CREATE UNIQUE INDEX "Order_subscriptionId_subscriptionPeriod_key" ON "Order"("subscriptionId", "subscriptionPeriod");

-- AddForeignKey
ALTER TABLE "Order" ADD CONSTRAINT "Order_subscriptionId_fkey" FOREIGN KEY ("subscriptionId") REFERENCES "Subscription"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CustomerToken" ADD CONSTRAINT "CustomerToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CustomerToken" ADD CONSTRAINT "CustomerToken_cartId_fkey" FOREIGN KEY ("cartId") REFERENCES "Cart"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CustomerToken" ADD CONSTRAINT "CustomerToken_paymentSessionId_fkey" FOREIGN KEY ("paymentSessionId") REFERENCES "PaymentSession"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CustomerToken" ADD CONSTRAINT "CustomerToken_originOrderId_fkey" FOREIGN KEY ("originOrderId") REFERENCES "Order"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Subscription" ADD CONSTRAINT "Subscription_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Subscription" ADD CONSTRAINT "Subscription_customerTokenId_fkey" FOREIGN KEY ("customerTokenId") REFERENCES "CustomerToken"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Subscription" ADD CONSTRAINT "Subscription_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubscriptionCharge" ADD CONSTRAINT "SubscriptionCharge_subscriptionId_fkey" FOREIGN KEY ("subscriptionId") REFERENCES "Subscription"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubscriptionCharge" ADD CONSTRAINT "SubscriptionCharge_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubscriptionChargeAttempt" ADD CONSTRAINT "SubscriptionChargeAttempt_chargeId_fkey" FOREIGN KEY ("chargeId") REFERENCES "SubscriptionCharge"("id") ON DELETE CASCADE ON UPDATE CASCADE;

