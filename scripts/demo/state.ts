/**
 * What the demo creates once and reuses: n8n's encryption key, the owner's login, the app's
 * secrets, a Google service-account key, and fingerprints of what is installed in n8n (the
 * package, the credentials, each template) so a second run redoes only what changed.
 */
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

import type { DemoPaths } from './settings';

export interface DemoOwner {
	email: string;
	firstName: string;
	lastName: string;
	password: string;
}

export interface DemoState {
	encryptionKey: string;
	owner: DemoOwner;
	/** the HubSpot app's client secret: what HubSpot signs webhooks with */
	clientSecret: string;
	/** the shared secret a HubSpot workflow's "Send a webhook" action can send instead */
	webhookSecret: string;
	installed: {
		packageHash?: string;
		credentialsHash?: string;
		/** template file -> hash of its content when it was imported and published */
		templates: Record<string, string>;
		ownerCreated?: boolean;
	};
}

function secret(bytes: number): string {
	return randomBytes(bytes).toString('base64url');
}

function newState(): DemoState {
	return {
		encryptionKey: secret(24),
		owner: {
			email: 'owner@taskflow-demo.example.com',
			firstName: 'Demo',
			lastName: 'Owner',
			// n8n wants 8+ characters with a digit and an upper-case letter
			password: `Demo-${randomBytes(5).toString('hex')}-Pw1`,
		},
		clientSecret: `demo-client-secret-${secret(12)}`,
		webhookSecret: `demo-webhook-secret-${secret(12)}`,
		installed: { templates: {} },
	};
}

/** Writes via a temporary file so an interrupted write never leaves half a file behind. */
async function writePrivateJson(file: string, value: unknown): Promise<void> {
	const temporary = `${file}.${process.pid}.tmp`;
	await writeFile(temporary, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
	await rename(temporary, file);
}

export async function loadOrCreateState(
	paths: DemoPaths,
): Promise<{ state: DemoState; created: boolean }> {
	if (existsSync(paths.state)) {
		return { state: JSON.parse(await readFile(paths.state, 'utf8')) as DemoState, created: false };
	}
	const state = newState();
	await saveState(paths, state);
	return { state, created: true };
}

export async function saveState(paths: DemoPaths, state: DemoState): Promise<void> {
	await writePrivateJson(paths.state, state);
}

export function readState(paths: DemoPaths): DemoState {
	return JSON.parse(readFileSync(paths.state, 'utf8')) as DemoState;
}

/**
 * A service-account key file as Google's console hands it out, made once. Its token_uri is
 * Google's; the credential's Token URL field points the grant at the sandbox, whose /token
 * accepts any JWT that names its issuer.
 */
export async function serviceAccountKeyFile(paths: DemoPaths): Promise<string> {
	if (existsSync(paths.serviceAccountKey)) return await readFile(paths.serviceAccountKey, 'utf8');
	const { privateKey } = generateKeyPairSync('rsa', {
		modulusLength: 2048,
		privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
		publicKeyEncoding: { type: 'spki', format: 'pem' },
	});
	const keyFile = {
		type: 'service_account',
		project_id: 'taskflow-demo',
		private_key_id: randomBytes(20).toString('hex'),
		private_key: privateKey,
		client_email: 'rules-reader@taskflow-demo.iam.gserviceaccount.com',
		client_id: String(100_000_000_000_000_000_000n + BigInt(randomBytes(4).readUInt32BE())),
		auth_uri: 'https://accounts.google.com/o/oauth2/auth',
		token_uri: 'https://oauth2.googleapis.com/token',
	};
	await writePrivateJson(paths.serviceAccountKey, keyFile);
	return await readFile(paths.serviceAccountKey, 'utf8');
}

export function hashOf(...parts: Array<string | Buffer>): string {
	const hash = createHash('sha256');
	for (const part of parts) hash.update(part).update('\0');
	return hash.digest('hex').slice(0, 16);
}

/** Every file under a folder, sorted, relative to it. */
async function filesUnder(folder: string): Promise<string[]> {
	const entries = await readdir(folder, { recursive: true, withFileTypes: true });
	return entries
		.filter((entry) => entry.isFile())
		.map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)))
		.sort();
}

/** Fingerprint of what `npm pack` would ship: package.json and dist/. */
export async function packageHash(repoRoot: string): Promise<string> {
	const parts: Array<string | Buffer> = [await readFile(path.join(repoRoot, 'package.json'))];
	const dist = path.join(repoRoot, 'dist');
	for (const file of await filesUnder(dist)) {
		parts.push(file, await readFile(path.join(dist, file)));
	}
	return hashOf(...parts);
}
