-- AlterTable
ALTER TABLE "OrderEvent" ADD COLUMN     "lastReplayAt" TIMESTAMP(3),
ADD COLUMN     "replays" INTEGER NOT NULL DEFAULT 0;

