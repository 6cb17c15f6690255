import { Body, Controller, Delete, Get, HttpCode, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '../common/auth/authenticated-user';
import { IdParam } from '../common/http/id-param';
import { ProfileResponseDto, PublicProfileDto } from './dto/profile-response.dto';
import { ProfilePageDto, ProfileSearchQueryDto } from './dto/profile-search.dto';
import { UpdateProfileDto } from './dto/update-profile.dto';
import { ProfileService } from './profile.service';
import { ProblemDetailsDto } from '../common/errors/problem-details.dto';

@ApiTags('profiles')
@ApiBearerAuth()
@ApiResponse({
  status: 400,
  description: 'validation_failed, invalid_id or invalid_cursor',
  type: ProblemDetailsDto,
})
@ApiResponse({ status: 401, description: 'unauthorized', type: ProblemDetailsDto })
@Controller('v1/profiles')
export class ProfileController {
  constructor(private readonly profiles: ProfileService) {}

  @Get('me')
  @ApiOperation({ summary: 'Read your own profile.' })
  @ApiResponse({ status: 200, type: ProfileResponseDto })
  async getOwn(@CurrentUser() user: AuthenticatedUser): Promise<ProfileResponseDto> {
    return ProfileResponseDto.from(await this.profiles.getOwn(user.id));
  }

  @Patch('me')
  @ApiOperation({ summary: 'Change fields of your own profile; null clears an optional field.' })
  @ApiResponse({ status: 200, type: ProfileResponseDto })
  @ApiResponse({ status: 409, description: 'username_taken', type: ProblemDetailsDto })
  async updateOwn(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: UpdateProfileDto,
  ): Promise<ProfileResponseDto> {
    return ProfileResponseDto.from(await this.profiles.updateOwn(user.id, body));
  }

  @Delete('me')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete your account and everything it owns; every token stops working.',
  })
  @ApiResponse({ status: 204 })
  async deleteOwnAccount(@CurrentUser() user: AuthenticatedUser): Promise<void> {
    await this.profiles.deleteOwnAccount(user.id);
  }

  @Get()
  @ApiOperation({
    summary:
      'Search live profiles by username or display-name prefix; users who blocked you are left out.',
  })
  @ApiResponse({ status: 200, type: ProfilePageDto })
  async search(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: ProfileSearchQueryDto,
  ): Promise<ProfilePageDto> {
    const page = await this.profiles.search(user.id, query.q, query.limit, query.cursor);

    const response = new ProfilePageDto();
    response.data = page.profiles.map((profile) => PublicProfileDto.from(profile));
    response.nextCursor = page.nextCursor;
    return response;
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read the public fields of a live profile.' })
  @ApiResponse({ status: 200, type: PublicProfileDto })
  @ApiResponse({
    status: 404,
    description: 'profile_not_found, also when that user blocked you',
    type: ProblemDetailsDto,
  })
  async getPublic(
    @CurrentUser() user: AuthenticatedUser,
    @IdParam('id') id: string,
  ): Promise<PublicProfileDto> {
    return PublicProfileDto.from(await this.profiles.getPublic(user.id, id));
  }
}
