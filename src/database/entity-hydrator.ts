import { DataSource, EntityMetadata, ObjectLiteral } from 'typeorm';
import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/** Column types that node-postgres already parses to the value TypeORM would hydrate. */
const READY_AS_PARSED = new Set<unknown>([
  'uuid',
  'varchar',
  'character varying',
  'text',
  'smallint',
  'int2',
  'integer',
  'int',
  'int4',
  'boolean',
  'bool',
  'timestamptz',
  'timestamp with time zone',
  String,
  Number,
  Boolean,
]);

interface ColumnHydration {
  readonly resultKey: string;
  readonly property: string;
  /** Undefined when the parsed value is stored as it is. */
  readonly column: ColumnMetadata | undefined;
}

/**
 * Hydrator of raw rows into entities, with TypeORM's column conversions but
 * without its per-row join transformer. NOTE: @AfterLoad hooks do not run.
 */
export class EntityHydrator<T extends ObjectLiteral> {
  private static readonly byMetadata = new WeakMap<EntityMetadata, EntityHydrator<ObjectLiteral>>();

  private readonly byPrefix = new Map<string, readonly ColumnHydration[]>();

  private constructor(
    private readonly dataSource: DataSource,
    private readonly metadata: EntityMetadata,
  ) {}

  /** Returns the hydrator of an entity, built on first use. Metadata belongs to one data source. */
  static of<T extends ObjectLiteral>(metadata: EntityMetadata): EntityHydrator<T> {
    let hydrator = EntityHydrator.byMetadata.get(metadata);
    if (hydrator === undefined) {
      hydrator = new EntityHydrator(metadata.connection, metadata);
      EntityHydrator.byMetadata.set(metadata, hydrator);
    }
    return hydrator as EntityHydrator<T>;
  }

  /** Hydrates one row whose keys are the column names, each after the given prefix. */
  fromRow(row: Record<string, unknown>, prefix = ''): T {
    const entity = this.metadata.create() as T;
    const driver = this.dataSource.driver;

    for (const { resultKey, property, column } of this.columnsFor(prefix)) {
      const value = row[resultKey];
      if (column === undefined) {
        (entity as Record<string, unknown>)[property] = value;
      } else {
        column.setEntityValue(entity, driver.prepareHydratedValue(value, column));
      }
    }
    return entity;
  }

  /** True when the row has no entity under the prefix, as from a left join that matched nothing. */
  isAbsent(row: Record<string, unknown>, prefix: string): boolean {
    return this.metadata.primaryColumns.every(
      (column) => row[prefix + column.databaseName] === null,
    );
  }

  private columnsFor(prefix: string): readonly ColumnHydration[] {
    let columns = this.byPrefix.get(prefix);
    if (columns === undefined) {
      columns = this.metadata.columns.map((column) => ({
        resultKey: prefix + column.databaseName,
        property: column.propertyName,
        column: isReadyAsParsed(column) ? undefined : column,
      }));
      this.byPrefix.set(prefix, columns);
    }
    return columns;
  }
}

function isReadyAsParsed(column: ColumnMetadata): boolean {
  return (
    READY_AS_PARSED.has(column.type) &&
    column.transformer === undefined &&
    column.embeddedMetadata === undefined &&
    column.relationMetadata === undefined &&
    !column.isArray
  );
}
