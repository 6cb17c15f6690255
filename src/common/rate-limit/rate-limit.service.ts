import { Injectable } from '@nestjs/common';
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

@Injectable()
export class RateLimitService {
  constructor(
    private readonly buckets: RateLimitRepository,
    private readonly transactions: TransactionRunner,
  ) {}

  /** Counts a hit on every rule and decides by the rule with the fewest requests left. */
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

    return decisions.reduce((tightest, decision) =>
      decision.remaining < tightest.remaining ||
      (decision.remaining === tightest.remaining && decision.resetSeconds > tightest.resetSeconds)
        ? decision
        : tightest,
    );
  }
}
