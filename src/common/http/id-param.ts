import { Param, ParseUUIDPipe } from '@nestjs/common';
import { CommonErrors } from '../errors/common-errors';

/** A UUID path parameter; anything else is rejected with 400 invalid_id before the handler runs. */
export function IdParam(name = 'id'): ParameterDecorator {
  return Param(name, new ParseUUIDPipe({ exceptionFactory: () => CommonErrors.invalidId(name) }));
}
