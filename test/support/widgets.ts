import { Column, DataSource, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { SoftDeletableEntity } from '../../src/database/base-columns';
import { BaseRepository } from '../../src/database/base.repository';
import { buildDataSourceOptions } from '../../src/database/data-source';
import { TestDatabase } from './test-database';

/**
 * A test-only entity that is both owner-scoped and soft-deleted, a pairing no
 * migrated table has yet. Its table exists only in the test database that
 * openWidgetDataSource opens, never in a migration.
 */
@Entity({ name: 'widgets' })
export class Widget extends SoftDeletableEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'id' })
  id: string;

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId: string;

  @Column({ name: 'name', type: 'varchar', length: 50 })
  name: string;
}

export interface WidgetScope {
  ownerId: string;
}

export class WidgetRepository extends BaseRepository<Widget, WidgetScope> {
  constructor() {
    super(Widget);
  }
}

/** Opens a DataSource with the API's entities plus Widget, and creates the widgets table. */
export async function openWidgetDataSource(database: TestDatabase): Promise<DataSource> {
  const options = buildDataSourceOptions(database.url, {
    poolSize: 5,
    connectionTimeoutMs: 5_000,
    statementTimeoutMs: 30_000,
  });
  const entities = (options.entities ?? []) as string[];
  const dataSource = await new DataSource({
    ...options,
    entities: [...entities, Widget],
  }).initialize();

  await dataSource.query(`
    CREATE TABLE IF NOT EXISTS "widgets" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "owner_id" uuid NOT NULL,
      "name" character varying(50) NOT NULL,
      "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
      "version" integer NOT NULL DEFAULT 1,
      "deleted_at" TIMESTAMP(3) WITH TIME ZONE,
      CONSTRAINT "pk_widgets" PRIMARY KEY ("id")
    )`);
  return dataSource;
}
