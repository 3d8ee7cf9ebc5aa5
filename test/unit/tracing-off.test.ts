import { startTracing, tracingEnabled } from '../../src/observability/tracing';

/** Tracing is off unless OTEL_* configures an exporter, and then nothing of the SDK is loaded. */
describe('OpenTelemetry tracing switch', () => {
  it('is off by default and with OTEL_SDK_DISABLED or exporter none', () => {
    expect(tracingEnabled({})).toBe(false);
    expect(tracingEnabled({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' })).toBe(false);
    expect(tracingEnabled({ OTEL_SDK_DISABLED: 'true', OTEL_TRACES_EXPORTER: 'otlp' })).toBe(false);
  });

  it('is on with an exporter or an OTLP endpoint', () => {
    expect(tracingEnabled({ OTEL_TRACES_EXPORTER: 'otlp' })).toBe(true);
    expect(tracingEnabled({ OTEL_TRACES_EXPORTER: 'console' })).toBe(true);
    expect(tracingEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' })).toBe(true);
    expect(tracingEnabled({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:4318/v1/traces' })).toBe(true);
  });

  it('loads nothing of the SDK when off (start-up costs nothing)', () => {
    expect(startTracing({})).toBe(false);
    expect(Object.keys(require.cache).filter((f) => f.includes(`${'@opentelemetry'}/sdk-node`))).toEqual([]);
  });
});
