import { DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';
import { ApiError } from '../common/errors/api-error';
import {
  constraintOf,
  isRetryableTransactionError,
  sqlStateOf,
  translateDatabaseError,
} from './postgres-errors';

/** Builds a QueryFailedError as TypeORM raises it, wrapping a node-postgres DatabaseError. */
function queryFailed(code: string, constraint?: string): QueryFailedError {
  const driverError = new DatabaseError('statement failed', 100, 'error');
  driverError.code = code;
  driverError.constraint = constraint;
  return new QueryFailedError('INSERT INTO "users" ...', [], driverError);
}

function translated(error: unknown): ApiError {
  const result = translateDatabaseError(error);
  if (!(result instanceof ApiError)) {
    throw new Error(`expected an ApiError, got ${String(result)}`);
  }
  return result;
}

describe('translateDatabaseError', () => {
  it.each([
    ['23505', 'unique violation'],
    ['23503', 'foreign key violation'],
    ['40001', 'serialization failure'],
    ['40P01', 'deadlock'],
  ])('maps %s (%s) to 409 conflict', (code) => {
    const error = translated(queryFailed(code));

    expect(error.status).toBe(409);
    expect(error.code).toBe('conflict');
  });

  it.each([
    ['23514', 'check violation'],
    ['22P02', 'invalid text representation'],
  ])('maps %s (%s) to 400 validation_failed', (code) => {
    const error = translated(queryFailed(code));

    expect(error.status).toBe(400);
    expect(error.code).toBe('validation_failed');
  });

  it.each([
    ['57014', 'statement timeout'],
    ['57P01', 'admin shutdown'],
    ['53300', 'too many connections'],
    ['08006', 'connection failure'],
  ])('maps %s (%s) to 503 with Retry-After', (code) => {
    const error = translated(queryFailed(code));

    expect(error.status).toBe(503);
    expect(error.code).toBe('service_unavailable');
    expect(error.headers['Retry-After']).toMatch(/^\d+$/);
  });

  it('maps pool timeout to 503', () => {
    // The message pg-pool raises when no pooled connection frees up within connectionTimeoutMillis.
    const error = translated(new Error('timeout exceeded when trying to connect'));

    expect(error.status).toBe(503);
    expect(error.headers['Retry-After']).toMatch(/^\d+$/);
  });

  it('maps refused connection to 503', () => {
    const refusedError = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
    });

    expect(translated(refusedError).status).toBe(503);
  });

  it('returns unknown errors unchanged', () => {
    const error = new TypeError('undefined is not a function');

    expect(translateDatabaseError(error)).toBe(error);
  });

  it('returns unknown SQLSTATE errors unchanged', () => {
    const error = queryFailed('42P01');

    expect(translateDatabaseError(error)).toBe(error);
  });

  it('returns ApiError unchanged', () => {
    const error = new ApiError(404, 'profile_not_found', 'No profile with this id.');

    expect(translateDatabaseError(error)).toBe(error);
  });

  it('named constraint wins over SQLSTATE', () => {
    const usernameTaken = new ApiError(409, 'username_taken', 'This username is already taken.');

    const result = translateDatabaseError(queryFailed('23505', 'uq_profiles_username'), {
      uq_profiles_username: () => usernameTaken,
    });

    expect(result).toBe(usernameTaken);
  });

  it('unlisted constraint uses the SQLSTATE mapping', () => {
    const result = translateDatabaseError(queryFailed('23505', 'uq_users_email'), {
      uq_profiles_username: () => new ApiError(409, 'username_taken', 'taken'),
    });

    expect(result).toMatchObject({ status: 409, code: 'conflict' });
  });

  it('client error text hides SQL and constraint names', () => {
    const error = translated(queryFailed('23505', 'uq_users_email'));

    expect(error.detail).not.toMatch(/uq_users_email|INSERT|users/);
  });
});

describe('sqlStateOf', () => {
  it('reads the code of a QueryFailedError', () => {
    expect(sqlStateOf(queryFailed('40P01'))).toBe('40P01');
  });

  it('ignores node error codes', () => {
    expect(sqlStateOf({ code: 'ECONNRESET' })).toBeUndefined();
  });

  it('ignores non-objects', () => {
    expect(sqlStateOf('23505')).toBeUndefined();
  });
});

describe('constraintOf', () => {
  it('reads the constraint of a QueryFailedError', () => {
    expect(constraintOf(queryFailed('23505', 'uq_users_email'))).toBe('uq_users_email');
  });
});

describe('isRetryableTransactionError', () => {
  it.each(['40001', '40P01'])('retries %s', (code) => {
    expect(isRetryableTransactionError({ code })).toBe(true);
  });

  it.each(['23505', '55P03', '57014'])('does not retry %s', (code) => {
    expect(isRetryableTransactionError({ code })).toBe(false);
  });
});
