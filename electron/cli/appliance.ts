// The `appliance` executable: wires the real process into runCli.
import { terminalProgress } from './io.ts';
import { runCli } from './program.ts';

const controller = new AbortController();
let interrupted = false;
process.on('SIGINT', () => {
  // First Ctrl-C cancels the running job cleanly (partial outputs removed); a second one exits now.
  if (interrupted) process.exit(130);
  interrupted = true;
  controller.abort();
});

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  signal: controller.signal,
  cwd: process.cwd(),
  env: process.env,
  ...terminalProgress(process.stderr),
});
process.exitCode = code;
