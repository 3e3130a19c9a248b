// npm run bench: builds the app and fixtures if needed, then runs every bench/*.bench.test.ts,
// each printing its figures as ratios against a native baseline measured in the same run.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const run = (command) => execSync(command, { stdio: 'inherit' });
if (!existsSync('dist/index.html')) run('npm run build');
run('npm run fixtures');
const filter = process.argv.slice(2).join(' ');
if (filter) run(`npx vitest run --config bench/vitest.bench.config.ts ${filter}`);
else {
  // Talk-time quality on real recorded voices comes first; then speed and the generated-voice regression check.
  run('npx vitest run --config bench/vitest.bench.config.ts bench/real-voices.bench.test.ts bench/real-voices-app.bench.test.ts');
  run('npx vitest run --config bench/vitest.bench.config.ts --exclude bench/real-voices.bench.test.ts --exclude bench/real-voices-app.bench.test.ts');
}
