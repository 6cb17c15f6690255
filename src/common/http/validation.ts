import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError } from '../errors/api-error';
import { CommonErrors } from '../errors/common-errors';

/** Validates DTOs like ValidationPipe, and first requires a DTO body to be a JSON object. */
class RequestValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
    if (metadata.type === 'body' && metadata.metatype !== undefined && !isObject) {
      throw CommonErrors.validationFailed([
        { field: 'body', message: 'The body must be a JSON object.' },
      ]);
    }
    return super.transform(value, metadata);
  }
}

/** Creates the global pipe, which rejects unknown fields instead of dropping them and converts input to DTO classes. */
export function createValidationPipe(): ValidationPipe {
  return new RequestValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => CommonErrors.validationFailed(flattenValidationErrors(errors)),
  });
}

/** Turns class-validator's tree into one entry per failed field, with dotted paths for nested fields. */
export function flattenValidationErrors(errors: ValidationError[], parentPath = ''): FieldError[] {
  const flat: FieldError[] = [];

  for (const error of errors) {
    const field = parentPath === '' ? error.property : `${parentPath}.${error.property}`;
    for (const message of Object.values(error.constraints ?? {})) {
      flat.push({ field: field === '' ? 'body' : field, message });
    }
    flat.push(...flattenValidationErrors(error.children ?? [], field));
  }
  return flat;
}
