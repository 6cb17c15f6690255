import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import NodeEnvironment from 'jest-environment-node';

/** UTC+14, the furthest ahead of UTC any time zone runs. */
export const PROCESS_TIME_ZONE = 'Pacific/Kiritimati';

/**
 * The Node.js test environment with the worker process at UTC+14. A spec
 * cannot set TZ itself, because Jest hands it a copy of process.env that
 * Node.js never reads. The previous TZ comes back at teardown, because the
 * worker goes on to run other spec files.
 */
export default class FarTimeZoneEnvironment extends NodeEnvironment {
  private readonly previousTimeZone: string | undefined;

  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    super(config, context);
    this.previousTimeZone = process.env.TZ;
  }

  override async setup(): Promise<void> {
    process.env.TZ = PROCESS_TIME_ZONE;
    await super.setup();
  }

  override async teardown(): Promise<void> {
    if (this.previousTimeZone === undefined) {
      delete process.env.TZ;
    } else {
      process.env.TZ = this.previousTimeZone;
    }
    await super.teardown();
  }
}
