/**
 * The log file of one n8n instance: what the n8n process writes, with the harness's own notes in
 * between; read whole or from a byte offset (where a start began), as error lines only, or as a
 * tail without the debug chatter.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';

const ERROR_LINE = /\|\s*error\s*\|/;
const NOISY_DEBUG_LINE = /\| debug \| (Registered a|\[IsolatedVmBridge\]|Shutting down component)/;

export class N8nLogFile {
	constructor(readonly path: string) {}

	/** Bytes written so far: `read(size())` later gives only what came after. */
	size(): number {
		return existsSync(this.path) ? statSync(this.path).size : 0;
	}

	/** The log from a byte offset on (the whole log by default). */
	read(fromByte = 0): string {
		if (!existsSync(this.path)) return '';
		// the offset counts bytes; slicing the decoded text would drift on multi-byte characters
		return readFileSync(this.path).subarray(fromByte).toString('utf8');
	}

	/** Lines n8n logged at error level, from a byte offset on. */
	errorLines(fromByte = 0): string[] {
		return this.read(fromByte)
			.split('\n')
			.filter((line) => ERROR_LINE.test(line));
	}

	/** The last lines of the log, without the debug chatter that would crowd out the cause. */
	tail(lines = 60): string {
		return this.read()
			.split('\n')
			.filter((line) => !NOISY_DEBUG_LINE.test(line))
			.slice(-lines)
			.join('\n');
	}

	/** A line of the harness's own, marked so that it stands out from n8n's lines. */
	async note(message: string): Promise<void> {
		await appendFile(this.path, `\n### [harness ${new Date().toISOString()}] ${message}\n`);
	}
}
