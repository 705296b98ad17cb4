// The handlers' logger and metrics: Powertools, named as the stack names the functions
// (POWERTOOLS_SERVICE_NAME; the contract's name elsewhere), and the domain's Log port over them.
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { METRIC_NAMESPACE, SERVICE_NAMES, type HandlerName } from '../contract.ts';
import type { Log } from '../ports/index.ts';

function serviceName(name: HandlerName): string {
  return process.env.POWERTOOLS_SERVICE_NAME || SERVICE_NAMES[name];
}

export function handlerLogger(name: HandlerName): Logger {
  return new Logger({ serviceName: serviceName(name) });
}

/** The domain's Log port, written by a Powertools logger. */
export function logPort(logger: Logger): Log {
  return {
    info: (message, attributes) => logger.info(message, attributes ?? {}),
    warn: (message, attributes) => logger.warn(message, attributes ?? {}),
    error: (message, attributes) => logger.error(message, attributes ?? {}),
  };
}

/** Counts one occurrence of a metric, written at once as a CloudWatch embedded-metric-format line. */
export type CountMetric = (metricName: string) => void;

export function handlerMetrics(name: HandlerName): CountMetric {
  // Built at first use, so POWERTOOLS_METRICS_DISABLED set after the module loaded (the local stack) is read.
  let metrics: Metrics | undefined;
  return (metricName) => {
    metrics ??= new Metrics({ namespace: METRIC_NAMESPACE, serviceName: serviceName(name) });
    metrics.addMetric(metricName, MetricUnit.Count, 1);
    metrics.publishStoredMetrics();
  };
}
