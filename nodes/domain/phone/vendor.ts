/**
 * The phone layer's third-party library, bundled into its own dist/nodes/domain/phone/vendor.js by
 * `npm run build`, so that nodes without phone numbers never load its metadata.
 */
// Google's libphonenumber metadata (parsing, validity, E.164) in a small JavaScript port.
export { isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/max';
export type { CountryCode } from 'libphonenumber-js/max';
