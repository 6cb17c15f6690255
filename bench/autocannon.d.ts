/**
 * The part of autocannon 8's programmatic API that the bench uses. The
 * package ships no type declarations; the shapes follow its README and
 * lib/aggregateResult.js.
 */
declare module 'autocannon' {
  namespace autocannon {
    interface RequestParameters {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string | Buffer;
    }

    interface Request extends RequestParameters {
      /** Called before each request; returns the request to send. */
      setupRequest?: (
        request: RequestParameters,
        context: Record<string, unknown>,
      ) => RequestParameters;
    }

    interface Options {
      url: string;
      connections?: number;
      /** Seconds. */
      duration?: number;
      /** Seconds a request may take before it counts as a timeout. */
      timeout?: number;
      pipelining?: number;
      requests?: Request[];
      /** Resolves with a raw result, whose histograms aggregateResult can merge with others. */
      skipAggregateResult?: boolean;
    }

    /** A result of a run with skipAggregateResult, opaque apart from its length. */
    interface RawResult {
      /** Seconds, rounded to hundredths. */
      duration: number;
    }

    /** A histogram summary; latency values are milliseconds, request values are per second. */
    interface Histogram {
      average: number;
      mean: number;
      stddev: number;
      min: number;
      max: number;
      total: number;
      p50: number;
      p90: number;
      p99: number;
    }

    interface Result {
      latency: Histogram & { totalCount: number };
      requests: Histogram & { sent: number };
      throughput: Histogram;
      /** Seconds. */
      duration: number;
      errors: number;
      timeouts: number;
      non2xx: number;
      '2xx': number;
      statusCodeStats: Record<string, { count: number }>;
    }
  }

  function autocannon(
    options: autocannon.Options & { skipAggregateResult: true },
  ): Promise<autocannon.RawResult>;
  function autocannon(options: autocannon.Options): Promise<autocannon.Result>;

  namespace autocannon {
    /** Merges raw results of runs with the same options, histograms included. */
    function aggregateResult(results: RawResult[], options: Options): Result;
  }

  export = autocannon;
}
