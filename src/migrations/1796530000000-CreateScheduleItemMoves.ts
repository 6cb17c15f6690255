import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateScheduleItemMoves1796530000000 implements MigrationInterface {
  name = 'CreateScheduleItemMoves1796530000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // One row per write that changed an item's times, keyed by that write's
    // sync clock stamp. The primary key, led by schedule_item_id, also serves
    // fk_schedule_item_moves_schedule_item_id.
    await queryRunner.query(`
      CREATE TABLE "schedule_item_moves" (
        "schedule_item_id" uuid NOT NULL,
        "moved_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "owner_id" uuid NOT NULL,
        "starts_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "ends_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_schedule_item_moves" PRIMARY KEY ("schedule_item_id", "moved_at"),
        CONSTRAINT "fk_schedule_item_moves_schedule_item_id" FOREIGN KEY ("schedule_item_id") REFERENCES "schedule_items"("id") ON DELETE NO ACTION ON UPDATE NO ACTION,
        CONSTRAINT "fk_schedule_item_moves_owner_id" FOREIGN KEY ("owner_id") REFERENCES "profiles"("id") ON DELETE NO ACTION ON UPDATE NO ACTION,
        CONSTRAINT "chk_schedule_item_moves_ends_after_starts" CHECK (ends_at > starts_at)
      )`);

    // The window sync feed: an owner's moves after updatedSince, with the old
    // range tested on index entries. Led by owner_id, it serves that foreign key too.
    await queryRunner.query(
      `CREATE INDEX "ix_schedule_item_moves_owner_id_moved_at_starts_at_ends_at" ON "schedule_item_moves" ("owner_id", "moved_at", "starts_at", "ends_at")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "schedule_item_moves"`);
  }
}
