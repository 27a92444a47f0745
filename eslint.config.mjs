// The pack is for self-hosted n8n (it bundles the official HubSpot and Google clients and can share a
// rate budget over Redis), so it uses the CLI's own non-cloud variant (`n8n-node cloud-support disable`),
// unchanged. Its community-node rules are about published node code; test/, scripts/, sandbox/ and tools/ (which spawn
// n8n, hold test secrets and print progress) are kept out and typechecked by `npm run typecheck`.
import { globalIgnores } from 'eslint/config';
import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';

export default [globalIgnores(['test/**', 'scripts/**', 'sandbox/**', 'tools/**', 'jest.config.js']), ...configWithoutCloudSupport];
