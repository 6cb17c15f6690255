import { Transform } from 'class-transformer';

/**
 * Turns the query string values 'true' and 'false' into booleans; anything
 * else passes through for IsBoolean to reject.
 */
export const ToBooleanFromQuery = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => {
    if (value === 'true') {
      return true;
    }
    return value === 'false' ? false : value;
  });
