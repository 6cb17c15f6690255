/** Environment variables the global setup hands to test files, which run in worker processes. */
export const TEST_SERVER_URL_VARIABLE = 'TANDEM_TEST_SERVER_URL';
export const TEST_TEMPLATE_DATABASE_VARIABLE = 'TANDEM_TEST_TEMPLATE_DATABASE';

export function requireTestEnvironment(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new Error(
      `${name} is not set: run the tests through Jest, whose global setup prepares the database.`,
    );
  }
  return value;
}

/** Returns the URL of another database on the same server. */
export function databaseUrl(serverUrl: string, databaseName: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${databaseName}`;
  return url.toString();
}
