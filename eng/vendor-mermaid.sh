#!/usr/bin/env bash
# Refreshes the Mermaid library the sessiondsl tool inlines into its lifecycle pages (tools/SessionDsl.Cli/Page) from
# the npm registry. Usage: bash eng/vendor-mermaid.sh [VERSION]; then set PageWriter.MermaidVersion to the version.
set -euo pipefail
version=${1:-12.3.0}
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack "mermaid@$version" >/dev/null && tar xzf "mermaid-$version.tgz")
cp "$work/package/dist/mermaid.min.js" tools/SessionDsl.Cli/Page/mermaid.min.js
cp "$work/package/LICENSE" tools/SessionDsl.Cli/Page/mermaid.LICENSE
echo "mermaid $version vendored into tools/SessionDsl.Cli/Page"
