/**
 * The demo's HubSpot sandbox, in its own process: the 'demo' seed, then the journal of earlier
 * runs replayed, then HubSpot's rate limits. Started by run.ts with its settings in the
 * environment; stops on SIGINT/SIGTERM, and on its own when the demo that started it is gone.
 */
import { demoSeedFingerprint, SandboxJournal } from './sandbox-journal';
import { startSandbox } from '../../sandbox/server';

/** A token of its own for the replay, so replayed calls do not count against the demo's budget. */
const REPLAY_TOKEN = 'demo-journal-replay';

function requiredEnv(name: string): string {
	const value = process.env[name];
	if (!value) throw new Error(`${name} is not set (this script is started by scripts/demo/run.ts)`);
	return value;
}

async function main(): Promise<void> {
	const port = Number(requiredEnv('DEMO_SANDBOX_PORT'));
	const parentPid = Number(requiredEnv('DEMO_PARENT_PID'));
	const journal = new SandboxJournal(
		requiredEnv('DEMO_SANDBOX_JOURNAL'),
		demoSeedFingerprint(),
		REPLAY_TOKEN,
	);
	const { entries, setAside } = journal.open();
	if (setAside) console.log(`the demo seed changed: earlier journal kept as ${setAside}`);

	const sandbox = await startSandbox({
		port,
		seed: 'demo',
		tokens: { [REPLAY_TOKEN]: { scopes: '*' } },
		rateLimits: { enabled: false },
		onExchange: (exchange) => journal.record(exchange),
	});
	const started = Date.now();
	const refused = await journal.replay(entries, sandbox.url);
	sandbox.setRateLimits(undefined);
	console.log(
		`HubSpot sandbox listening on ${sandbox.url}: demo seed + ${entries.length} journalled writes ` +
			`replayed in ${Date.now() - started} ms${refused ? ` (${refused} refused)` : ''}`,
	);

	let stopping = false;
	const stop = (reason: string): void => {
		if (stopping) return;
		stopping = true;
		console.log(`stopping: ${reason}`);
		sandbox.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
	// the demo normally stops this process; if it was killed outright, do not outlive it
	setInterval(() => {
		try {
			process.kill(parentPid, 0);
		} catch {
			stop(`the demo (pid ${parentPid}) is gone`);
		}
	}, 2_000).unref();
}

main().catch((error: unknown) => {
	console.error(
		`sandbox failed to start: ${error instanceof Error ? error.message : String(error)}`,
	);
	process.exit(1);
});
