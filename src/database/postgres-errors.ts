import { ApiError } from '../common/errors/api-error';
import { CommonErrors } from '../common/errors/common-errors';

/**
 * SQLSTATE codes this project acts on.
 * Source: PostgreSQL documentation, appendix A "PostgreSQL Error Codes".
 */
export const SqlState = {
  UniqueViolation: '23505',
  ForeignKeyViolation: '23503',
  NotNullViolation: '23502',
  CheckViolation: '23514',
  ExclusionViolation: '23P01',
  InvalidTextRepresentation: '22P02',
  StringDataRightTruncation: '22001',
  CharacterNotInRepertoire: '22021',
  NumericValueOutOfRange: '22003',
  InvalidDatetimeFormat: '22007',
  DatetimeFieldOverflow: '22008',
  SerializationFailure: '40001',
  DeadlockDetected: '40P01',
  LockNotAvailable: '55P03',
  QueryCanceled: '57014',
  AdminShutdown: '57P01',
  CrashShutdown: '57P02',
  CannotConnectNow: '57P03',
  TooManyConnections: '53300',
} as const;

/** Domain errors keyed by our own constraint or index name, for example uq_profiles_username. */
export type ConstraintErrors = Readonly<Record<string, () => ApiError>>;

interface PostgresErrorFields {
  code?: unknown;
  constraint?: unknown;
  message?: unknown;
  driverError?: PostgresErrorFields;
}

export function sqlStateOf(error: unknown): string | undefined {
  const fields = fieldsOf(error);
  const code = fields?.driverError?.code ?? fields?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

export function constraintOf(error: unknown): string | undefined {
  const fields = fieldsOf(error);
  const constraint = fields?.driverError?.constraint ?? fields?.constraint;
  return typeof constraint === 'string' ? constraint : undefined;
}

/** True for the failures a transaction may retry from the start: serialization failure and deadlock. */
export function isRetryableTransactionError(error: unknown): boolean {
  const state = sqlStateOf(error);
  return state === SqlState.SerializationFailure || state === SqlState.DeadlockDetected;
}

/**
 * Translates a database failure into the ApiError a client receives, and
 * returns any other error unchanged. A constraint listed in constraintErrors
 * wins over the generic mapping for its SQLSTATE.
 */
export function translateDatabaseError(
  error: unknown,
  constraintErrors: ConstraintErrors = {},
): unknown {
  if (error instanceof ApiError) {
    return error;
  }

  const constraint = constraintOf(error);
  const domainError = constraint === undefined ? undefined : constraintErrors[constraint];
  if (domainError !== undefined) {
    return domainError();
  }

  const state = sqlStateOf(error);
  if (state !== undefined) {
    return translateSqlState(state) ?? error;
  }
  return isConnectionFailure(error) ? CommonErrors.serviceUnavailable() : error;
}

function translateSqlState(state: string): ApiError | undefined {
  switch (state) {
    case SqlState.UniqueViolation:
    case SqlState.ExclusionViolation:
      return CommonErrors.conflict('The request conflicts with an existing resource.');
    case SqlState.ForeignKeyViolation:
      return CommonErrors.conflict(
        'The request refers to a resource that does not exist or is still referenced.',
      );
    case SqlState.NotNullViolation:
    case SqlState.CheckViolation:
    case SqlState.InvalidTextRepresentation:
    case SqlState.StringDataRightTruncation:
    case SqlState.CharacterNotInRepertoire:
    case SqlState.NumericValueOutOfRange:
    case SqlState.InvalidDatetimeFormat:
    case SqlState.DatetimeFieldOverflow:
      return CommonErrors.validationFailed([]);
    case SqlState.SerializationFailure:
    case SqlState.DeadlockDetected:
    case SqlState.LockNotAvailable:
      return CommonErrors.conflict(
        'A concurrent request changed the same data; retry the request.',
      );
    case SqlState.QueryCanceled:
    case SqlState.AdminShutdown:
    case SqlState.CrashShutdown:
    case SqlState.CannotConnectNow:
    case SqlState.TooManyConnections:
      return CommonErrors.serviceUnavailable();
    default:
      // Class 08 is "connection exception".
      return state.startsWith('08') ? CommonErrors.serviceUnavailable() : undefined;
  }
}

/** Failures of node-postgres before any SQLSTATE exists: pool timeout, refused or dropped connection. */
function isConnectionFailure(error: unknown): boolean {
  const fields = fieldsOf(error);
  const code = fields?.code;
  const message = typeof fields?.message === 'string' ? fields.message : '';

  return (
    code === 'ECONNREFUSED' ||
    code === 'ECONNRESET' ||
    code === 'ETIMEDOUT' ||
    message.includes('timeout exceeded when trying to connect') ||
    message.includes('Connection terminated') ||
    message.includes('Client has encountered a connection error')
  );
}

function fieldsOf(error: unknown): PostgresErrorFields | undefined {
  return typeof error === 'object' && error !== null ? (error as PostgresErrorFields) : undefined;
}
