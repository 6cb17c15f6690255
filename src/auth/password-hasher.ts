import { Injectable, OnModuleInit } from '@nestjs/common';
import * as argon2 from 'argon2';

/**
 * argon2id with the parameters OWASP's Password Storage Cheat Sheet lists
 * first: 19 MiB of memory, 2 iterations, 1 lane.
 */
const HASH_OPTIONS = {
  type: argon2.argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

@Injectable()
export class PasswordHasher implements OnModuleInit {
  /** A hash of a random password, verified when the email is unknown so that both failures take as long. */
  private dummyHash: string;

  async onModuleInit(): Promise<void> {
    this.dummyHash = await argon2.hash(`unused-${Math.random()}`, HASH_OPTIONS);
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, HASH_OPTIONS);
  }

  /** Verifies against the stored hash, or against the dummy hash when there is none. */
  async verify(storedHash: string | undefined, password: string): Promise<boolean> {
    const matches = await argon2.verify(storedHash ?? this.dummyHash, password);
    return storedHash !== undefined && matches;
  }
}
