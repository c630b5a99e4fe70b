-- AlterTable
ALTER TABLE "CartItem" ADD COLUMN     "addedCurrency" TEXT,
ADD COLUMN     "addedUnitAmount" INTEGER;

