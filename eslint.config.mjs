// The pack is for self-hosted n8n (it bundles the official HubSpot and Google clients and can share a
// rate budget over Redis), so it uses the CLI's own non-cloud variant (`n8n-node cloud-support disable`).
import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';

export default configWithoutCloudSupport;
