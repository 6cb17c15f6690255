import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateTodos1796500000000 implements MigrationInterface {
  name = 'CreateTodos1796500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "todos" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "owner_id" uuid NOT NULL,
        "title" character varying(500) NOT NULL,
        "notes" character varying(10000),
        "completed_at" TIMESTAMP(3) WITH TIME ZONE,
        "due_at" TIMESTAMP(3) WITH TIME ZONE,
        "due_date" date,
        "priority" smallint NOT NULL DEFAULT 0,
        "visibility" character varying(16) NOT NULL DEFAULT 'private',
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "version" integer NOT NULL DEFAULT 1,
        "deleted_at" TIMESTAMP(3) WITH TIME ZONE,
        CONSTRAINT "pk_todos" PRIMARY KEY ("id"),
        CONSTRAINT "fk_todos_owner_id" FOREIGN KEY ("owner_id") REFERENCES "profiles"("id") ON DELETE NO ACTION ON UPDATE NO ACTION,
        CONSTRAINT "chk_todos_priority_range" CHECK (priority BETWEEN 0 AND 3),
        CONSTRAINT "chk_todos_title_not_blank" CHECK (btrim(title) <> ''),
        CONSTRAINT "chk_todos_due_at_or_due_date" CHECK (due_at IS NULL OR due_date IS NULL),
        CONSTRAINT "chk_todos_visibility" CHECK (visibility IN ('private', 'friends'))
      )`);

    // One index per list sort for one owner, each read forwards or backwards.
    await queryRunner.query(
      `CREATE INDEX "ix_todos_owner_id_created_at_id" ON "todos" ("owner_id", "created_at", "id") WHERE deleted_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_todos_owner_id_due_at_id" ON "todos" ("owner_id", "due_at", "id") WHERE deleted_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_todos_owner_id_priority_id" ON "todos" ("owner_id", "priority", "id") WHERE deleted_at IS NULL`,
    );
    // No predicate: the sync feed reads deleted rows too, and fk_todos_owner_id needs
    // an index led by owner_id that covers every row.
    await queryRunner.query(
      `CREATE INDEX "ix_todos_owner_id_updated_at_id" ON "todos" ("owner_id", "updated_at", "id")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "todos"`);
  }
}
