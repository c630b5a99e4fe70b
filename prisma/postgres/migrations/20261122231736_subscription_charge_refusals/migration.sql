-- AlterTable
ALTER TABLE "SubscriptionCharge" ADD COLUMN     "firstRefusedAt" TIMESTAMP(3),
ADD COLUMN     "refusals" INTEGER NOT NULL DEFAULT 0,
ALTER COLUMN "orderNumber" DROP NOT NULL;

