import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { TransactionRunner } from '../../database/transaction-runner';
import { RateLimitRepository } from './rate-limit.repository';

export interface RateLimitRule {
  key: string;
  limit: number;
}

/** The outcome for the tightest rule, in the terms of the RateLimit-* response headers. */
export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the tightest window starts again. */
  resetSeconds: number;
}

/** Milliseconds between sweeps of idle buckets. */
const SWEEP_INTERVAL_MS = 10 * 60 * 1000;
/** Seconds a bucket may sit unused before a sweep deletes it; longer than any configurable window. */
const BUCKET_IDLE_SECONDS = 2 * 86_400;

@Injectable()
export class RateLimitService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(RateLimitService.name);
  private sweepTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly buckets: RateLimitRepository,
    private readonly transactions: TransactionRunner,
  ) {}

  onModuleInit(): void {
    this.sweepTimer = setInterval(() => void this.sweepIdleBuckets(), SWEEP_INTERVAL_MS);
    this.sweepTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweepTimer);
  }

  /** Deletes buckets of keys not seen for two days, so one-off IP addresses and emails do not pile up. */
  async sweepIdleBuckets(): Promise<void> {
    try {
      const deleted = await this.buckets.deleteIdle(this.transactions.manager, BUCKET_IDLE_SECONDS);
      this.logger.debug({ deleted }, 'Swept idle rate-limit buckets');
    } catch (error) {
      // The next sweep tries again, and stale buckets only cost disk space meanwhile.
      this.logger.warn(
        { err: error },
        'Sweeping idle rate-limit buckets failed; retrying at the next interval',
      );
    }
  }

  /** Counts a hit on every rule; the request is allowed when every rule allows it. */
  async consume(rules: RateLimitRule[], windowSeconds: number): Promise<RateLimitDecision> {
    // One statement, so it commits on its own and needs no transaction.
    const states = await this.buckets.hit(
      this.transactions.manager,
      rules.map((rule) => rule.key),
      windowSeconds,
    );
    const now = Date.now();

    const decisions = rules.map((rule): RateLimitDecision => {
      const state = states.find((candidate) => candidate.key === rule.key);
      const hits = state?.hits ?? 1;
      const windowEndsAt = (state?.windowStartedAt.getTime() ?? now) + windowSeconds * 1000;

      return {
        allowed: hits <= rule.limit,
        limit: rule.limit,
        remaining: Math.max(0, rule.limit - hits),
        resetSeconds: Math.max(1, Math.ceil((windowEndsAt - now) / 1000)),
      };
    });

    // A request passes only when every rule allows it, so a denying rule decides
    // the outcome and its headers even when an allowing rule has as few requests left.
    const denied = decisions.filter((decision) => !decision.allowed);
    const deciding = denied.length > 0 ? denied : decisions;
    return deciding.reduce((tightest, decision) =>
      decision.remaining < tightest.remaining ||
      (decision.remaining === tightest.remaining && decision.resetSeconds > tightest.resetSeconds)
        ? decision
        : tightest,
    );
  }
}
