import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateScheduleItems1796510000000 implements MigrationInterface {
  name = 'CreateScheduleItems1796510000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "schedule_items" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "owner_id" uuid NOT NULL,
        "title" character varying(500) NOT NULL,
        "notes" character varying(10000),
        "location" character varying(500),
        "starts_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "ends_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "all_day" boolean NOT NULL DEFAULT false,
        "start_date" date,
        "end_date" date,
        "time_zone" character varying(64) NOT NULL,
        "visibility" character varying(16) NOT NULL DEFAULT 'private',
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "version" integer NOT NULL DEFAULT 1,
        "deleted_at" TIMESTAMP(3) WITH TIME ZONE,
        CONSTRAINT "pk_schedule_items" PRIMARY KEY ("id"),
        CONSTRAINT "fk_schedule_items_owner_id" FOREIGN KEY ("owner_id") REFERENCES "profiles"("id") ON DELETE NO ACTION ON UPDATE NO ACTION,
        CONSTRAINT "chk_schedule_items_title_not_blank" CHECK (btrim(title) <> ''),
        CONSTRAINT "chk_schedule_items_ends_after_starts" CHECK (ends_at > starts_at),
        CONSTRAINT "chk_schedule_items_all_day_dates" CHECK (
          (all_day AND start_date IS NOT NULL AND end_date IS NOT NULL AND end_date > start_date)
          OR (NOT all_day AND start_date IS NULL AND end_date IS NULL)),
        CONSTRAINT "chk_schedule_items_max_duration" CHECK (
          CASE WHEN all_day
            THEN end_date - start_date <= 366 AND ends_at - starts_at <= interval '367 days'
            ELSE ends_at - starts_at <= interval '366 days' END),
        CONSTRAINT "chk_schedule_items_visibility" CHECK (visibility IN ('private', 'busy', 'friends'))
      )`);

    // The window list: owner, then start. The duration bound above lets a window query
    // bound starts_at on both sides, and the trailing ends_at is tested on index entries,
    // so only rows that overlap the window are fetched from the table.
    await queryRunner.query(
      `CREATE INDEX "ix_schedule_items_owner_id_starts_at_id_ends_at" ON "schedule_items" ("owner_id", "starts_at", "id", "ends_at") WHERE deleted_at IS NULL`,
    );
    // No predicate: the sync feed reads deleted rows too, and fk_schedule_items_owner_id
    // needs an index led by owner_id that covers every row.
    await queryRunner.query(
      `CREATE INDEX "ix_schedule_items_owner_id_updated_at_id" ON "schedule_items" ("owner_id", "updated_at", "id")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "schedule_items"`);
  }
}
