-- Addresses, Klarna payloads and recorded lines become JSON columns, and region the KlarnaRegion
-- enum. Every column changes its type in place, so existing rows keep their values: the JSON text
-- is cast to jsonb, and the region strings ('eu', 'na', 'oc') to the enum of the same values.

-- CreateEnum
CREATE TYPE "KlarnaRegion" AS ENUM ('eu', 'na', 'oc');

-- AlterTable
ALTER TABLE "Capture"
    ALTER COLUMN "lines" TYPE JSONB USING "lines"::jsonb,
    ALTER COLUMN "shippingInfo" TYPE JSONB USING "shippingInfo"::jsonb;

-- AlterTable
ALTER TABLE "CustomerToken"
    ALTER COLUMN "region" TYPE "KlarnaRegion" USING "region"::"KlarnaRegion",
    ALTER COLUMN "billingAddress" TYPE JSONB USING "billingAddress"::jsonb,
    ALTER COLUMN "shippingAddress" TYPE JSONB USING "shippingAddress"::jsonb;

-- AlterTable
ALTER TABLE "Order"
    ALTER COLUMN "region" TYPE "KlarnaRegion" USING "region"::"KlarnaRegion",
    ALTER COLUMN "billingAddress" TYPE JSONB USING "billingAddress"::jsonb,
    ALTER COLUMN "shippingAddress" TYPE JSONB USING "shippingAddress"::jsonb;

-- AlterTable
ALTER TABLE "PaymentSession"
    ALTER COLUMN "region" TYPE "KlarnaRegion" USING "region"::"KlarnaRegion",
    ALTER COLUMN "linesPayload" TYPE JSONB USING "linesPayload"::jsonb,
    ALTER COLUMN "customer" TYPE JSONB USING "customer"::jsonb;

-- AlterTable
ALTER TABLE "Refund"
    ALTER COLUMN "lines" TYPE JSONB USING "lines"::jsonb;

-- AlterTable
ALTER TABLE "Subscription"
    ALTER COLUMN "region" TYPE "KlarnaRegion" USING "region"::"KlarnaRegion";
