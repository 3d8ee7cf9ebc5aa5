/** Imported first by src/main.ts: tracing must patch http, express, pg and graphql before they load. */
import { startTracing } from './tracing';

startTracing();
