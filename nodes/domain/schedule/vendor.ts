/**
 * The schedule's third-party libraries, bundled into their own dist/nodes/domain/schedule/vendor.js
 * by `npm run build`, so that nodes without deadlines never load the holiday data.
 */
// Wall-clock arithmetic in IANA zones, across DST changes and month ends.
export { DateTime, IANAZone } from 'luxon';
// Public holidays of a country and its states and regions, kept up to date by its maintainers.
export { default as Holidays } from 'date-holidays';
