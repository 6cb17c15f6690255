/**
 * Readers for environment variables. Each one records a problem instead of
 * throwing, so start-up can report every bad variable in one message.
 */
export type Environment = Record<string, string | undefined>;

export class EnvironmentReader {
  readonly problems: string[] = [];

  constructor(private readonly environment: Environment) {}

  string(name: string, fallback?: string): string | undefined {
    const value = this.environment[name];
    return value === undefined || value === '' ? fallback : value;
  }

  integer(name: string, fallback: number, range: { min: number; max: number }): number {
    const raw = this.string(name);
    if (raw === undefined) {
      return fallback;
    }

    const value = Number(raw);
    if (!/^-?\d+$/.test(raw) || value < range.min || value > range.max) {
      this.problems.push(
        `${name} must be an integer from ${range.min} to ${range.max}, got '${raw}'.`,
      );
      return fallback;
    }
    return value;
  }

  boolean(name: string, fallback: boolean): boolean {
    const raw = this.string(name);
    if (raw === undefined) {
      return fallback;
    }

    if (raw === 'true' || raw === '1') {
      return true;
    }
    if (raw === 'false' || raw === '0') {
      return false;
    }
    this.problems.push(`${name} must be 'true' or 'false', got '${raw}'.`);
    return fallback;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.string(name);
    if (raw === undefined) {
      return fallback;
    }

    if (!(allowed as readonly string[]).includes(raw)) {
      this.problems.push(`${name} must be one of ${allowed.join(', ')}, got '${raw}'.`);
      return fallback;
    }
    return raw as T;
  }

  postgresUrl(name: string): string | undefined {
    const raw = this.string(name);
    if (raw === undefined) {
      return undefined;
    }

    try {
      const url = new URL(raw);
      if (url.protocol === 'postgres:' || url.protocol === 'postgresql:') {
        return raw;
      }
    } catch {
      // Falls through to the problem below.
    }
    this.problems.push(
      `${name} must be a URL of the form postgres://user:password@host:port/database.`,
    );
    return undefined;
  }

  list(name: string): string[] {
    const raw = this.string(name);
    if (raw === undefined) {
      return [];
    }
    return raw
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0);
  }
}
