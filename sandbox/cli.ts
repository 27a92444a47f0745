/**
 * Runs the sandbox in its own process:
 *   npm run sandbox -- --port 4010 --seed demo [--no-rate-limits] [--seed-file path.json]
 *     [--search-index-lag MS]
 * SANDBOX_PORT sets the port when --port is absent. Prints the URL and token, runs until stopped.
 * The search index lag can also be changed while it runs: PUT /__sandbox/search-index-lag {lagMs}.
 */
import { readFileSync } from 'node:fs';

import { startSandbox } from './server';
import type { SeedData } from './types';

interface CliOptions {
	port: number;
	seed?: SeedData | 'demo';
	rateLimitsEnabled: boolean;
	searchIndexLagMs: number;
}

function parseArgs(argv: string[]): CliOptions {
	const options: CliOptions = {
		port: Number(process.env.SANDBOX_PORT ?? 0),
		rateLimitsEnabled: true,
		searchIndexLagMs: 0,
	};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const value = () => {
			const next = argv[++i];
			if (next === undefined) throw new Error(`${arg} needs a value`);
			return next;
		};
		if (arg === '--port') options.port = Number(value());
		else if (arg === '--seed') {
			const seed = value();
			if (seed === 'demo') options.seed = 'demo';
			else if (seed !== 'none') throw new Error(`--seed takes demo or none, got ${seed}`);
		} else if (arg === '--seed-file')
			options.seed = JSON.parse(readFileSync(value(), 'utf8')) as SeedData;
		else if (arg === '--no-rate-limits') options.rateLimitsEnabled = false;
		// checked by startSandbox, which names the accepted values
		else if (arg === '--search-index-lag') options.searchIndexLagMs = Number(value());
		else if (arg === '--help') {
			process.stdout.write(
				'usage: tsx sandbox/cli.ts [--port N] [--seed demo|none] [--seed-file seed.json] [--no-rate-limits] [--search-index-lag MS]\n',
			);
			process.exit(0);
		} else throw new Error(`unknown argument: ${arg}`);
	}
	if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535)
		throw new Error(`invalid port: ${options.port}`);
	return options;
}

async function main(): Promise<void> {
	const options = parseArgs(process.argv.slice(2));
	const sandbox = await startSandbox({
		port: options.port,
		seed: options.seed,
		rateLimits: { enabled: options.rateLimitsEnabled },
		searchIndexLagMs: options.searchIndexLagMs,
	});
	process.stdout.write(`HubSpot sandbox listening on ${sandbox.url}\n`);
	process.stdout.write(`token: ${sandbox.token}\n`);
	process.stdout.write(
		`seed: ${options.seed === 'demo' ? 'demo' : options.seed ? 'file' : 'none'}; admin: ${sandbox.url}/__sandbox/health\n`,
	);
	const stop = () => {
		sandbox.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
	process.stderr.write(
		`sandbox failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
	);
	process.exit(1);
});
