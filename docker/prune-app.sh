#!/bin/sh
# prune-app.sh APP — inside the image build: installs the production dependencies of one app
# (`@sokoni/APP` and the workspace packages it depends on, devDependencies left out) and copies
# exactly those projects and their node_modules to /out.
#
# Not `pnpm deploy`: it copies workspace packages into node_modules, and Node refuses to strip
# types from .ts files under node_modules. A filtered install keeps them as symlinks to
# packages/*, so `node apps/APP/src/*.ts` runs them from source.
set -eu
app=$1
out=${OUT:-/out}
filter="@sokoni/$app..."
# `pnpm fetch` filled node_modules/.pnpm with every package of the lockfile: start afresh
# from the store, so only this app's packages land in node_modules.
rm -rf node_modules apps/*/node_modules packages/*/node_modules
# pm-on-fail=ignore: the image pins pnpm itself; do not let the packageManager field re-resolve it.
pnpm install --offline --frozen-lockfile --prod --filter-prod "$filter" --config.pm-on-fail=ignore --store-dir "${PNPM_STORE:-/pnpm/store}" --reporter=append-only
mkdir -p "$out"
cp package.json pnpm-workspace.yaml "$out/"
cp -a node_modules "$out/node_modules"
for dir in $(pnpm ls --filter-prod "$filter" --depth -1 --parseable --config.pm-on-fail=ignore); do
  relative=${dir#"$PWD"/}
  mkdir -p "$out/$(dirname "$relative")"
  # Tests and local state never ship.
  tar -C "$PWD" --exclude="$relative/test" --exclude="$relative/.turbo" -cf - "$relative" | tar -C "$out" -xf -
done
