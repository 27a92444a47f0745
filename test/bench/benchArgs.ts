/** Command-line pieces the real-n8n benches share. */

/** `--n8n-env KEY=VALUE` settings (repeatable) as an environment for n8n. */
export function n8nEnvFrom(settings: string[]): Record<string, string> {
	const n8nEnv: Record<string, string> = {};
	for (const setting of settings) {
		const match = /^([A-Z0-9_]+)=(.*)$/.exec(setting);
		if (!match) throw new Error(`--n8n-env takes KEY=VALUE, got "${setting}"`);
		n8nEnv[match[1]] = match[2];
	}
	return n8nEnv;
}

/** A positive number from option `--name`, or an error naming it. */
export function positive(name: string, raw: string): number {
	const value = Number(raw);
	if (!(value > 0)) throw new Error(`--${name} must be a positive number, got "${raw}"`);
	return value;
}
