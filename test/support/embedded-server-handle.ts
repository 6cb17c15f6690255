import { EmbeddedPostgresServer } from '../../src/database/embedded-postgres';

export interface EmbeddedServerHandle {
  server: EmbeddedPostgresServer;
  /** Temporary data folder, removed after the server stops. */
  directory: string;
}

// Jest runs the global setup and teardown in the same process, so a module
// variable carries the server from one to the other.
let handle: EmbeddedServerHandle | undefined;

export function setEmbeddedServer(next: EmbeddedServerHandle): void {
  handle = next;
}

export function takeEmbeddedServer(): EmbeddedServerHandle | undefined {
  const taken = handle;
  handle = undefined;
  return taken;
}
