import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AuthModule } from './auth/auth.module';
import { AccountDeletionModule } from './common/account-deletion';
import { ProblemDetailsFilter } from './common/errors/problem-details.filter';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { FriendshipsModule } from './friendships/friendships.module';
import { HealthModule } from './health/health.module';
import { ProfileModule } from './profile/profile.module';
import { ScheduleItemsModule } from './schedule-items/schedule-items.module';
import { TodoModule } from './todo/todo.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        AccountDeletionModule,
        HealthModule,
        AuthModule,
        ProfileModule,
        TodoModule,
        ScheduleItemsModule,
        FriendshipsModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
    };
  }
}
