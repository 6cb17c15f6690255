import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './data-source';

const url = process.env.DATABASE_URL;
if (url === undefined || url === '') {
  throw new Error(
    'DATABASE_URL is not set. Run TypeORM commands through the npm scripts (npm run migration:run and the others), ' +
      'which start embedded PostgreSQL when DATABASE_URL is unset, or set DATABASE_URL yourself.',
  );
}

/** The DataSource the TypeORM CLI loads; its options are the API's own. */
export default new DataSource(buildDataSourceOptions(url));
