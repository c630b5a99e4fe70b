-- AlterTable
ALTER TABLE "CartItem" ADD COLUMN "addedCurrency" TEXT;
ALTER TABLE "CartItem" ADD COLUMN "addedUnitAmount" INTEGER;

