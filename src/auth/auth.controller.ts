import { Body, Controller, HttpCode, Post, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/auth/public.decorator';
import { ProfileResponseDto } from '../profile/dto/profile-response.dto';
import { AuthRateLimitInterceptor } from './auth-rate-limit.interceptor';
import { AuthService } from './auth.service';
import { LoginDto } from './dto/login.dto';
import { RefreshTokenDto } from './dto/refresh-token.dto';
import { RegisterDto } from './dto/register.dto';
import { RegisterResponseDto, TokenResponseDto, UserResponseDto } from './dto/token-response.dto';
import { ProblemDetailsDto } from '../common/errors/problem-details.dto';

@ApiTags('auth')
@Public()
@ApiResponse({
  status: 400,
  description: 'validation_failed or malformed_json',
  type: ProblemDetailsDto,
})
@Controller('v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('register')
  @UseInterceptors(AuthRateLimitInterceptor)
  @ApiOperation({ summary: 'Create an account and its profile, and log in.' })
  @ApiResponse({ status: 201, type: RegisterResponseDto })
  @ApiResponse({
    status: 409,
    description: 'email_taken or username_taken',
    type: ProblemDetailsDto,
  })
  @ApiResponse({ status: 429, description: 'rate_limited', type: ProblemDetailsDto })
  async register(@Body() body: RegisterDto): Promise<RegisterResponseDto> {
    const account = await this.auth.register(body);

    const response = Object.assign(
      new RegisterResponseDto(),
      TokenResponseDto.from(account.tokens),
    );
    response.user = UserResponseDto.from(account.user);
    response.profile = ProfileResponseDto.from(account.profile);
    return response;
  }

  @Post('login')
  @HttpCode(200)
  @UseInterceptors(AuthRateLimitInterceptor)
  @ApiOperation({ summary: 'Exchange email and password for a token pair.' })
  @ApiResponse({ status: 200, type: TokenResponseDto })
  @ApiResponse({ status: 401, description: 'invalid_credentials', type: ProblemDetailsDto })
  @ApiResponse({ status: 429, description: 'rate_limited', type: ProblemDetailsDto })
  async login(@Body() body: LoginDto): Promise<TokenResponseDto> {
    return TokenResponseDto.from(await this.auth.login(body.email, body.password));
  }

  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Exchange a refresh token for a new pair; the old refresh token stops working.',
  })
  @ApiResponse({ status: 200, type: TokenResponseDto })
  @ApiResponse({
    status: 401,
    description: 'invalid_refresh_token or refresh_token_reused',
    type: ProblemDetailsDto,
  })
  async refresh(@Body() body: RefreshTokenDto): Promise<TokenResponseDto> {
    return TokenResponseDto.from(await this.auth.refresh(body.refreshToken));
  }

  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'End the login the refresh token belongs to.' })
  @ApiResponse({ status: 204 })
  async logout(@Body() body: RefreshTokenDto): Promise<void> {
    await this.auth.logout(body.refreshToken);
  }
}
