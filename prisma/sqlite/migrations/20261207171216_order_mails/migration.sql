-- CreateTable
CREATE TABLE "OrderMail" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orderId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "claimId" TEXT,
    "claimedUntil" DATETIME,
    "sentTo" TEXT,
    "messageId" TEXT,
    "sentAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "OrderMail_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "OrderMail_orderId_kind_idx" ON "OrderMail"("orderId", "kind");

-- CreateIndex
CREATE INDEX "OrderMail_status_nextAttemptAt_idx" ON "OrderMail"("status", "nextAttemptAt");

-- CreateIndex
CREATE UNIQUE INDEX "OrderMail_kind_subjectId_key" ON "OrderMail"("kind", "subjectId");

