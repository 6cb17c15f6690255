import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { IdempotencyErrors } from './idempotency-errors';
import { IdempotencyKeyRepository, StoredResponse } from './idempotency-key.repository';

/** Keys are kept, and replay their first response, for 24 hours. */
export const IDEMPOTENCY_KEY_LIFETIME_SECONDS = 24 * 60 * 60;

export interface IdempotentRequest {
  key: string;
  /** Hex SHA-256 of the operation and the canonical request body. */
  requestHash: string;
}

/** Builds the request identity that a repeated key must match: the operation plus the body. */
export function idempotentRequest(key: string, operation: string, body: object): IdempotentRequest {
  const canonical = JSON.stringify([operation, canonicalize(body)]);
  return { key, requestHash: createHash('sha256').update(canonical).digest('hex') };
}

/**
 * Idempotent creates. The caller runs begin, its create and complete in one
 * transaction, so a key is stored only with the response of a committed
 * create. A concurrent request with the same key waits in begin until that
 * transaction ends, then replays its response (or claims the key when it
 * rolled back).
 */
@Injectable()
export class IdempotencyService {
  constructor(private readonly keys: IdempotencyKeyRepository) {}

  /**
   * Claims the key and returns null, so the caller goes on to create, or
   * returns the response to replay. Raises idempotency_key_reused when the
   * key was used with another body.
   */
  async begin(
    manager: EntityManager,
    ownerId: string,
    request: IdempotentRequest,
  ): Promise<StoredResponse | null> {
    await this.keys.deleteExpired(manager, ownerId);
    const existing = await this.keys.claim(
      manager,
      ownerId,
      request.key,
      request.requestHash,
      IDEMPOTENCY_KEY_LIFETIME_SECONDS,
    );

    if (existing === null) {
      return null;
    }
    if (existing.requestHash !== request.requestHash) {
      throw IdempotencyErrors.keyReused();
    }
    if (existing.response === null) {
      // Claims commit together with their response, so this is reached only if
      // a row was written by other means.
      throw IdempotencyErrors.inProgress();
    }
    return existing.response;
  }

  complete(
    manager: EntityManager,
    ownerId: string,
    request: IdempotentRequest,
    response: StoredResponse,
  ): Promise<void> {
    return this.keys.complete(manager, ownerId, request.key, response);
  }

  deleteAllOfOwner(manager: EntityManager, ownerId: string): Promise<void> {
    return this.keys.deleteAllOfOwner(manager, ownerId);
  }
}

function compareNames(left: string, right: string): number {
  if (left === right) {
    return 0;
  }
  return left < right ? -1 : 1;
}

/** Sorts object keys recursively and drops undefined members, so key order does not change the hash. */
function canonicalize(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(canonicalize);
  }
  if (value instanceof Date) {
    return value.toISOString();
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, member]) => member !== undefined)
      .sort(([left], [right]) => compareNames(left, right))
      .map(([name, member]) => [name, canonicalize(member)]);
    return Object.fromEntries(entries);
  }
  return value;
}
