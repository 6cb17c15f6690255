import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSyncClocks1796500000001 implements MigrationInterface {
  name = 'CreateSyncClocks1796500000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // The primary key is led by owner_id, so it also serves fk_sync_clocks_owner_id.
    await queryRunner.query(`
      CREATE TABLE "sync_clocks" (
        "owner_id" uuid NOT NULL,
        "collection" character varying(32) NOT NULL,
        "changed_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_sync_clocks" PRIMARY KEY ("owner_id", "collection"),
        CONSTRAINT "fk_sync_clocks_owner_id" FOREIGN KEY ("owner_id") REFERENCES "profiles"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
      )`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "sync_clocks"`);
  }
}
