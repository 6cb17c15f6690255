import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FieldError } from './api-error';
import { ProblemDetails } from './problem-details';

class FieldErrorDto implements FieldError {
  @ApiProperty({ example: 'title' })
  field: string;

  @ApiProperty({ example: 'title must be shorter than or equal to 500 characters' })
  message: string;
}

/** The OpenAPI schema of every error body, served as application/problem+json. */
export class ProblemDetailsDto implements ProblemDetails {
  @ApiProperty({ example: 'about:blank' })
  type: string;

  @ApiProperty({ example: 'Not Found' })
  title: string;

  @ApiProperty({ example: 404 })
  status: number;

  @ApiProperty({ example: 'profile_not_found', description: 'Stable machine-readable error code.' })
  code: string;

  @ApiProperty({ example: 'No profile with this id.' })
  detail: string;

  @ApiProperty({ type: String, description: 'Equals the X-Request-Id response header.' })
  requestId: string | undefined;

  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'Present on validation failures.' })
  errors?: FieldError[];
}
