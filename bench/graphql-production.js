'use strict';
/**
 * Preloaded (node --require) into every server the benchmark measures: graphql-js decides once, when it is
 * first loaded, whether to run its development-only checks (a multi-realm test on every failed instanceof,
 * about 6% of a cached coverage answer's CPU). Production runs with NODE_ENV=production and never pays
 * them; the benchmark's servers run with NODE_ENV=benchmark, so graphql-js is loaded here as in production
 * and NODE_ENV is put back before the server reads its configuration.
 */
const previous = process.env.NODE_ENV;
process.env.NODE_ENV = 'production';
require('graphql/jsutils/instanceOf.js');
process.env.NODE_ENV = previous;
