import { ValidateIf, ValidationOptions, registerDecorator } from 'class-validator';

// IANA names are Area/Location (America/New_York, America/Argentina/Salta) or a few
// single words such as UTC; ICU then decides whether the name exists.
const IANA_TIME_ZONE_SHAPE = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/;

export function isIanaTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || !IANA_TIME_ZONE_SHAPE.test(value)) {
    return false;
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export function isBcp47LanguageTag(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0) {
    return false;
  }
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
}

function simpleValidator(name: string, test: (value: unknown) => boolean, message: string) {
  return (options?: ValidationOptions): PropertyDecorator =>
    (target: object, propertyName: string | symbol) =>
      registerDecorator({
        name,
        target: target.constructor,
        propertyName: String(propertyName),
        options: { message, ...options },
        validator: { validate: test },
      });
}

export const IsIanaTimeZone = simpleValidator(
  'isIanaTimeZone',
  isIanaTimeZone,
  '$property must be an IANA time zone name such as Europe/Berlin',
);

export const IsBcp47LanguageTag = simpleValidator(
  'isBcp47LanguageTag',
  isBcp47LanguageTag,
  '$property must be a BCP 47 language tag such as en-GB',
);

/** Validates the field when it is present; unlike IsOptional, an explicit null is rejected. */
export const IsNotNullWhenPresent = (): PropertyDecorator =>
  ValidateIf((_object: object, value: unknown) => value !== undefined);
