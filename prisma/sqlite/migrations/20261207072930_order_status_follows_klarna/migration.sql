-- A refund is no status: every order marked REFUNDED takes Klarna's status as last read (a refund
-- of one capture left Klarna's order part captured, with the rest still authorized). The
-- status-count triggers on "Order" move its count with it. SQLite keeps the enum as text, so no
-- column changes.
UPDATE "Order"
SET "status" = CASE "klarnaStatus" WHEN 'PART_CAPTURED' THEN 'PART_CAPTURED' WHEN 'CLOSED' THEN 'CLOSED' ELSE 'CAPTURED' END
WHERE "status" = 'REFUNDED';

DELETE FROM "OrderStatusCount" WHERE "status" = 'REFUNDED' AND "count" = 0;
