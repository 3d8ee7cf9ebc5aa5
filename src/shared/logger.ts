import pino from 'pino';

/** Structured JSON logs. Never log personal fields: log ids and counts only. */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: { service: 'migrant-referral-network' },
  timestamp: pino.stdTimeFunctions.isoTime,
  redact: { paths: ['req.headers.authorization', '*.authorization', '*.password', '*.token'], censor: '[redacted]' },
});
