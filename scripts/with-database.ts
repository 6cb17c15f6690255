/**
 * Runs a command with DATABASE_URL set, and exits with the command's code.
 *
 *   ts-node scripts/with-database.ts COMMAND [ARGUMENT...]
 *
 * A DATABASE_URL already in the environment is passed through unchanged.
 * Otherwise embedded PostgreSQL starts (data in EMBEDDED_POSTGRES_DIR,
 * port EMBEDDED_POSTGRES_PORT), DATABASE_URL points the command at its
 * tandem database, and the server stops once the command exits. SIGINT,
 * SIGTERM and SIGHUP are passed on to the command, and the server stops
 * after it.
 */
import { runDatabaseScript } from './lib/database-script';

const [command, ...args] = process.argv.slice(2);

if (command === undefined || command === '--help' || command === '-h') {
  process.stderr.write(
    'Usage: ts-node scripts/with-database.ts COMMAND [ARGUMENT...]\n' +
      'Runs COMMAND with DATABASE_URL set: the given one, or embedded PostgreSQL when it is unset.\n',
  );
  process.exit(command === undefined ? 2 : 0);
}

runDatabaseScript((server, session) =>
  session.run(command, args, { ...process.env, DATABASE_URL: server.url }),
);
