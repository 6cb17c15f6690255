import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateFriendshipsAndBlocks1796520000000 implements MigrationInterface {
  name = 'CreateFriendshipsAndBlocks1796520000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "friendships" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "requester_id" uuid NOT NULL,
        "addressee_id" uuid NOT NULL,
        "status" character varying(16) NOT NULL DEFAULT 'pending',
        "responded_at" TIMESTAMP(3) WITH TIME ZONE,
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "version" integer NOT NULL DEFAULT 1,
        "deleted_at" TIMESTAMP(3) WITH TIME ZONE,
        CONSTRAINT "pk_friendships" PRIMARY KEY ("id"),
        CONSTRAINT "fk_friendships_requester_id" FOREIGN KEY ("requester_id") REFERENCES "profiles"("id") ON DELETE NO ACTION ON UPDATE NO ACTION,
        CONSTRAINT "fk_friendships_addressee_id" FOREIGN KEY ("addressee_id") REFERENCES "profiles"("id") ON DELETE NO ACTION ON UPDATE NO ACTION,
        CONSTRAINT "chk_friendships_status" CHECK (status IN ('pending', 'accepted', 'declined')),
        CONSTRAINT "chk_friendships_not_self" CHECK (requester_id <> addressee_id),
        CONSTRAINT "chk_friendships_responded_unless_pending" CHECK ((status = 'pending') = (responded_at IS NULL))
      )`);

    // One live row per unordered pair, whichever user asked first. Request
    // and relationship lookups find a pair through the same expressions.
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_friendships_pair" ON "friendships" (LEAST("requester_id", "addressee_id"), GREATEST("requester_id", "addressee_id")) WHERE deleted_at IS NULL`,
    );
    // Each serves one side of a user's friendship list and the foreign key it
    // leads, so neither has a predicate.
    await queryRunner.query(
      `CREATE INDEX "ix_friendships_requester_id_status_created_at_id" ON "friendships" ("requester_id", "status", "created_at", "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_friendships_addressee_id_status_created_at_id" ON "friendships" ("addressee_id", "status", "created_at", "id")`,
    );

    await queryRunner.query(`
      CREATE TABLE "blocks" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "blocker_id" uuid NOT NULL,
        "blocked_id" uuid NOT NULL,
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "version" integer NOT NULL DEFAULT 1,
        "deleted_at" TIMESTAMP(3) WITH TIME ZONE,
        CONSTRAINT "pk_blocks" PRIMARY KEY ("id"),
        CONSTRAINT "fk_blocks_blocker_id" FOREIGN KEY ("blocker_id") REFERENCES "profiles"("id") ON DELETE NO ACTION ON UPDATE NO ACTION,
        CONSTRAINT "fk_blocks_blocked_id" FOREIGN KEY ("blocked_id") REFERENCES "profiles"("id") ON DELETE NO ACTION ON UPDATE NO ACTION,
        CONSTRAINT "chk_blocks_not_self" CHECK (blocker_id <> blocked_id)
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_blocks_blocker_id_blocked_id" ON "blocks" ("blocker_id", "blocked_id") WHERE deleted_at IS NULL`,
    );
    // The blocker's list, and the foreign key on blocker_id.
    await queryRunner.query(
      `CREATE INDEX "ix_blocks_blocker_id_created_at_id" ON "blocks" ("blocker_id", "created_at", "id")`,
    );
    // "Did this user block the viewer?", asked by profile reads and search,
    // and the foreign key on blocked_id.
    await queryRunner.query(
      `CREATE INDEX "ix_blocks_blocked_id_blocker_id" ON "blocks" ("blocked_id", "blocker_id")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "blocks"`);
    await queryRunner.query(`DROP TABLE "friendships"`);
  }
}
