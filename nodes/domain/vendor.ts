/**
 * The domain's only third-party runtime library, bundled into dist/nodes/domain/vendor.js by
 * `npm run build` (n8n community packages ship with no `dependencies`). Kept apart from
 * nodes/shared/vendor.ts so the domain never imports n8n-aware code.
 */
// RE2's linear-time matching: regex rules come from a sheet anyone with edit access can change.
export { RE2JS } from 're2js';
