-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "billingName" TEXT;

-- CreateIndex
CREATE INDEX "Order_currency_orderAmount_id_idx" ON "Order"("currency", "orderAmount", "id");

-- CreateIndex
CREATE INDEX "Refund_refundedAt_currency_amount_idx" ON "Refund"("refundedAt", "currency", "amount");


-- Existing orders: the name from their billing address, as new orders store it.
UPDATE "Order" SET "billingName" = NULLIF(lower(trim(concat_ws(' ', "billingAddress"->>'given_name', "billingAddress"->>'family_name'))), '');
