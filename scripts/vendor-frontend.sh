#!/usr/bin/env bash
# Refreshes the vendored GOV.UK Frontend and htmx assets from the npm registry.
# Councils are not GOV.UK services, so the GDS Transport typeface (licensed for gov.uk only) is
# stripped and pages use Arial, as the Design System advises for services off gov.uk.
set -euo pipefail
GOVUK_VERSION=${GOVUK_VERSION:-5.13.0}
HTMX_VERSION=${HTMX_VERSION:-2.0.4}
here=$(cd "$(dirname "$0")/.." && pwd)
dest="$here/src/safehold/web/static/vendor"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm pack -q "govuk-frontend@$GOVUK_VERSION" "htmx.org@$HTMX_VERSION" >/dev/null
mkdir g h
tar xzf "govuk-frontend-$GOVUK_VERSION.tgz" -C g
tar xzf "htmx.org-$HTMX_VERSION.tgz" -C h
mkdir -p "$dest/govuk/assets/images" "$dest/htmx"
python3 - "$tmp/g/package/dist/govuk/govuk-frontend.min.css" "$dest/govuk/govuk-frontend.min.css" <<'PY'
import re, sys
css = open(sys.argv[1]).read()
css = re.sub(r"@font-face\{[^}]*\}", "", css)
css = css.replace("GDS Transport,arial", "arial").replace("\"GDS Transport\",arial", "arial")
css = re.sub(r"/\*# sourceMappingURL=.*?\*/", "", css)
open(sys.argv[2], "w").write(css)
PY
sed 's|//# sourceMappingURL=.*||' g/package/dist/govuk/govuk-frontend.min.js > "$dest/govuk/govuk-frontend.min.js"
cp g/package/dist/govuk/assets/images/favicon.ico g/package/dist/govuk/assets/images/favicon.svg "$dest/govuk/assets/images/"
printf "govuk-frontend %s, MIT licence, Crown copyright (Government Digital Service). See https://github.com/alphagov/govuk-frontend
" "$GOVUK_VERSION" > "$dest/govuk/LICENSE"
cp h/package/dist/htmx.min.js "$dest/htmx/htmx.min.js"
cp h/package/LICENSE "$dest/htmx/LICENSE"
echo "govuk-frontend $GOVUK_VERSION, htmx.org $HTMX_VERSION" > "$dest/VERSIONS"
