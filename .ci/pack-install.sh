#!/usr/bin/env bash
# Spillway as another team's repository gets it: pack the package, install the tarball into a scratch copy of
# examples/team-repo/ outside this repository, and use it from there: `npx spillway --version`, a trace-replay
# scenario with its charts (fonts and report.html's page script come from node_modules), `spillway check` against the
# example's committed baselines, and the library API from an ESM import and from TypeScript.
# Needs a build (dist/): .ci/run calls it after `npm test` (whose golden test must pass first: the replay is
# compared with its golden file). Installs from npm's cache where it can.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
name=$(node -p 'require("./package.json").name')
version=$(node -p 'require("./package.json").version')
scratch=$(mktemp -d "${TMPDIR:-/tmp}/spillway-pack-XXXXXX")
trap 'rm -rf "$scratch"' EXIT
fail() {
  echo "pack-install: $*" >&2
  exit 1
}

# dist/ is built already, so skip the prepare script's rebuild.
tarball="$scratch/$(npm pack --ignore-scripts --json --pack-destination "$scratch" | node -e 'console.log(JSON.parse(require("fs").readFileSync(0, "utf8"))[0].filename)')"
echo "packed $(basename "$tarball") ($(du -k "$tarball" | cut -f1) KiB)"

project="$scratch/team-repo"
cp -r examples/team-repo "$project"
rm -rf "$project/node_modules" "$project/reports/check"
cd "$project"
npm install --save-dev --prefer-offline --no-audit --no-fund --loglevel=error "$tarball"
# Never the registry: --no-install fails instead of downloading someone else's "spillway".
spillway() { npx --no-install spillway "$@"; }

[ "$(spillway --version)" = "$version" ] || fail "spillway --version is not $version"
echo "ok: npx spillway --version = $version"

# A scenario that reads a trace from beside it, with every output: the PNG charts need the fonts package, report.html
# the bundled page script. The installed package must compute what the repository's golden file says.
mkdir -p replay/traces
cp "$repo/scenarios/trace-replay.yaml" replay/
cp "$repo/scenarios/traces/azure-llm-2023-conv.csv" replay/traces/
spillway run replay/trace-replay.yaml --out reports/replay --quiet
for f in report.json summary.md report.html charts/latency.png charts/cost.png; do
  [ -s "reports/replay/$f" ] || fail "spillway run wrote no reports/replay/$f"
done
cmp -s reports/replay/report.json "$repo/test/golden/trace-replay.report.json" ||
  fail "the installed package's trace-replay report.json differs from test/golden/trace-replay.report.json"
echo "ok: npx spillway run replay/trace-replay.yaml (report.json as the golden, report.html, charts)"

spillway check scenarios --baseline reports/baselines --junit reports/check/junit.xml > /dev/null ||
  fail "spillway check against the example's baselines exited $? (regenerate them: cd examples/team-repo && node ../../dist/spillway.mjs check scenarios --baseline reports/baselines --update-baseline)"
[ -s reports/check/check.md ] && [ -s reports/check/junit.xml ] || fail "spillway check wrote no check.md or junit.xml"
echo "ok: npx spillway check scenarios --baseline reports/baselines"

# The reviewer's update flow through the example's npm scripts: rewriting the baselines from unchanged scenarios gives
# the committed bytes, and the check passes on them.
npm run --silent update-baselines > /dev/null
for f in "$repo"/examples/team-repo/reports/baselines/*.report.json; do
  cmp -s "$f" "reports/baselines/$(basename "$f")" ||
    fail "examples/team-repo/reports/baselines/$(basename "$f") is not what its scenario gives today (regenerate: cd examples/team-repo && node ../../dist/spillway.mjs check scenarios --baseline reports/baselines --update-baseline)"
done
npm run --silent check > /dev/null || fail "npm run check exited $? after npm run update-baselines"
echo "ok: npm run update-baselines (the committed bytes), npm run check"

# The library computes what the command line computes.
spillway run scenarios/chat-ptu-spillover.yaml --out reports/chat --format json --quiet
cat > consumer.mjs << EOF
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadScenario, runScenario, VERSION } from "$name";
import pkg from "$name/package.json" with { type: "json" };

const file = "scenarios/chat-ptu-spillover.yaml";
const { report } = runScenario(loadScenario(readFileSync(file, "utf8"), file));
const cli = JSON.parse(readFileSync("reports/chat/report.json", "utf8"));
if (JSON.stringify(report) !== JSON.stringify(cli)) throw new Error("the library's report differs from spillway run's");
if (VERSION !== pkg.version) throw new Error(\`VERSION \${VERSION} is not package.json's \${pkg.version}\`);
const schema = JSON.parse(readFileSync(fileURLToPath(import.meta.resolve("$name/schema/scenario.schema.json")), "utf8"));
if (typeof schema.properties !== "object") throw new Error("the JSON Schema has no properties");
// The exports map is the public surface: a path into dist/ is refused.
const deep = await import("$name/dist/src/index.js").then(() => "resolved", (e) => e.code);
if (deep !== "ERR_PACKAGE_PATH_NOT_EXPORTED") throw new Error(\`a deep import gave \${deep}\`);
console.log(\`ok: import { runScenario } from "$name" (\${report.requests.arrived} requests, as spillway run), its package.json and JSON Schema\`);
EOF
node consumer.mjs

# The types resolve through the exports map, as a TypeScript project with NodeNext resolution sees them.
cat > consumer.mts << EOF
import { type Report, runScenario, loadScenario } from "$name";
const report: Report = runScenario(loadScenario("", "x.yaml")).report;
export const arrived: number = report.requests.arrived;
EOF
"$repo/node_modules/.bin/tsc" --noEmit --strict --module nodenext --moduleResolution nodenext --target es2023 \
  --skipLibCheck --types "" consumer.mts || fail "TypeScript cannot type the library API from $name"
echo "ok: TypeScript types from $name"
