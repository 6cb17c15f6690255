import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIdempotencyKeys1796500000002 implements MigrationInterface {
  name = 'CreateIdempotencyKeys1796500000002';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // The primary key makes a key unique per owner and, led by owner_id, also
    // serves fk_idempotency_keys_owner_id and the per-owner cleanup of expired keys.
    await queryRunner.query(`
      CREATE TABLE "idempotency_keys" (
        "owner_id" uuid NOT NULL,
        "key" character varying(255) NOT NULL,
        "request_hash" character varying(64) NOT NULL,
        "response_status" smallint,
        "response_body" jsonb,
        "expires_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_idempotency_keys" PRIMARY KEY ("owner_id", "key"),
        CONSTRAINT "fk_idempotency_keys_owner_id" FOREIGN KEY ("owner_id") REFERENCES "profiles"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
      )`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "idempotency_keys"`);
  }
}
