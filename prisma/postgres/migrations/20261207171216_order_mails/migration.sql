-- CreateEnum
CREATE TYPE "OrderMailKind" AS ENUM ('ORDER_CONFIRMATION', 'CAPTURE_RECEIPT', 'REFUND_NOTICE');

-- CreateEnum
CREATE TYPE "OrderMailStatus" AS ENUM ('PENDING', 'SENT', 'FAILED');

-- CreateTable
CREATE TABLE "OrderMail" (
    "id" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "kind" "OrderMailKind" NOT NULL,
    "subjectId" TEXT NOT NULL,
    "status" "OrderMailStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "claimId" TEXT,
    "claimedUntil" TIMESTAMP(3),
    "sentTo" TEXT,
    "messageId" TEXT,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OrderMail_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OrderMail_orderId_kind_idx" ON "OrderMail"("orderId", "kind");

-- CreateIndex
CREATE INDEX "OrderMail_status_nextAttemptAt_idx" ON "OrderMail"("status", "nextAttemptAt");

-- CreateIndex
CREATE UNIQUE INDEX "OrderMail_kind_subjectId_key" ON "OrderMail"("kind", "subjectId");

-- AddForeignKey
ALTER TABLE "OrderMail" ADD CONSTRAINT "OrderMail_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE CASCADE ON UPDATE CASCADE;

