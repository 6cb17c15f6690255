import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '../common/auth/authenticated-user';
import { ProblemDetailsDto } from '../common/errors/problem-details.dto';
import { RelationshipsQueryDto, RelationshipsResponseDto } from './dto/relationships.dto';
import { RelationshipService } from './relationship.service';

@ApiTags('friendships')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'unauthorized', type: ProblemDetailsDto })
@Controller('v1/relationships')
export class RelationshipController {
  constructor(private readonly relationships: RelationshipService) {}

  @Get()
  @ApiOperation({
    summary:
      'Your friendship state with, and block on, each of up to 100 users, in one lookup. Unknown and deleted users answer none.',
  })
  @ApiResponse({ status: 200, type: RelationshipsResponseDto })
  @ApiResponse({
    status: 400,
    description: 'validation_failed: ids is missing, has more than 100 entries or a non-UUID',
    type: ProblemDetailsDto,
  })
  async lookup(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: RelationshipsQueryDto,
  ): Promise<RelationshipsResponseDto> {
    const response = new RelationshipsResponseDto();
    response.data = await this.relationships.lookup(user.id, query.ids);
    return response;
  }
}
