-- A refund is no status: every order marked REFUNDED takes Klarna's status as last read (a refund
-- of one capture left Klarna's order part captured, with the rest still authorized). The
-- status-count triggers on "Order" move its count with it.
UPDATE "Order"
SET "status" = CASE "klarnaStatus"
    WHEN 'PART_CAPTURED' THEN 'PART_CAPTURED'::"OrderStatus"
    WHEN 'CLOSED' THEN 'CLOSED'::"OrderStatus"
    ELSE 'CAPTURED'::"OrderStatus"
END
WHERE "status" = 'REFUNDED';

DELETE FROM "OrderStatusCount" WHERE "status" = 'REFUNDED' AND "count" = 0;

-- AlterEnum
-- A column's type cannot change under a trigger whose definition names it: the status-count update
-- trigger is dropped for the change and re-created as it was.
DROP TRIGGER "Order_status_count_update" ON "Order";

CREATE TYPE "OrderStatus_new" AS ENUM ('PLACING', 'NEEDS_REVIEW', 'AUTHORIZED', 'PART_CAPTURED', 'CAPTURED', 'CANCELLED', 'EXPIRED', 'CLOSED');
ALTER TABLE "Order" ALTER COLUMN "status" TYPE "OrderStatus_new" USING ("status"::text::"OrderStatus_new");
ALTER TYPE "OrderStatus" RENAME TO "OrderStatus_old";
ALTER TYPE "OrderStatus_new" RENAME TO "OrderStatus";
DROP TYPE "OrderStatus_old";

CREATE TRIGGER "Order_status_count_update" AFTER UPDATE OF "status" ON "Order"
FOR EACH ROW WHEN (OLD."status" IS DISTINCT FROM NEW."status") EXECUTE FUNCTION "order_status_count"();
